module example.com/mapvaluelegacy

go 1.19
