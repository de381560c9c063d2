module github.com/chunkwise/chunkwise

go 1.26
