module example.com/poolnonpointer

go 1.19
