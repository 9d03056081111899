module example.com/legacyzerocopy

go 1.19
