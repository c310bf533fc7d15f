package store

// Bits is a set of element indices, stored as a little-endian bitmap: a
// 10^6-element group's successes take 125 kB.
type Bits []byte

// Set adds i to the set, growing it as needed.
func (b *Bits) Set(i int) {
	if i < 0 {
		i = 0
	}
	for len(*b) <= i/8 {
		*b = append(*b, 0)
	}
	(*b)[i/8] |= 1 << (i % 8)
}

// Members lists the set's elements in order, at most n of them, and how
// many there are in all.
func (b Bits) Members(n int) ([]int, int) {
	var out []int
	total := 0
	for i := range len(b) * 8 {
		if b.Has(i) {
			if len(out) < n {
				out = append(out, i)
			}
			total++
		}
	}
	return out, total
}

// Has reports whether i is in the set.
func (b Bits) Has(i int) bool {
	if i < 0 {
		i = 0
	}
	return i/8 < len(b) && b[i/8]&(1<<(i%8)) != 0
}
