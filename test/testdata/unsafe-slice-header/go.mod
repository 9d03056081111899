module example.com/zerocopy

go 1.20
