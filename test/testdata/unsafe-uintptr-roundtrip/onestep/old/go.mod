module example.com/onestepold

go 1.16
