// Package subproc is what flowspec's hosts of foreign operators share (the
// Python workers of py: operators, plugin executables): long-lived child
// processes that answer length-prefixed msgpack frames on stdin/stdout, a
// pool of them sized like the local executor, the tail of their stderr
// for messages when one dies, and a small on-disk cache of answers keyed
// by content hash.
package subproc
