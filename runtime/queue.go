package runtime

// readyQueue holds the tasks whose dependencies have finished, as a binary
// min-heap of keys rank<<32 | task: higher priority first, then graph order.
// It is hand-written over []uint64 because container/heap's interface calls
// cost more than the comparisons on a million-task graph.
type readyQueue struct {
	keys []uint64
}

func (q *readyQueue) Len() int { return len(q.keys) }

// push adds task i with the given rank (see priorityRank).
func (q *readyQueue) push(rank uint64, i int32) {
	q.keys = append(q.keys, rank|uint64(uint32(i)))
	k := q.keys
	j := len(k) - 1
	for j > 0 {
		parent := (j - 1) / 2
		if k[parent] <= k[j] {
			break
		}
		k[parent], k[j] = k[j], k[parent]
		j = parent
	}
}

// pop removes and returns the first task. The queue must not be empty.
func (q *readyQueue) pop() int32 {
	k := q.keys
	top := k[0]
	last := len(k) - 1
	k[0] = k[last]
	q.keys = k[:last]
	k = q.keys
	j := 0
	for {
		c := 2*j + 1
		if c >= len(k) {
			break
		}
		if c+1 < len(k) && k[c+1] < k[c] {
			c++
		}
		if k[j] <= k[c] {
			break
		}
		k[j], k[c] = k[c], k[j]
		j = c
	}
	return int32(uint32(top))
}
