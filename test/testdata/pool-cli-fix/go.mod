module example.com/poolclifix

go 1.19
