module example.com/poolreset

go 1.19
