module example.com/blockedsend

go 1.19
