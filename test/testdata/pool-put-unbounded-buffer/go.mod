module example.com/poolunbounded

go 1.19
