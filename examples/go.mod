module example.com/gomem-examples

go 1.19
