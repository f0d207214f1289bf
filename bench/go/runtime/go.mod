module gokit/bench/runtime

go 1.19
