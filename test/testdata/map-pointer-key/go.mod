module example.com/mapkey

go 1.19
