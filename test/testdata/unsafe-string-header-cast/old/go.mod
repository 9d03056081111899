module example.com/legacytext

go 1.19
