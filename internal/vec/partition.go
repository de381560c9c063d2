package vec

// PartitionLess moves the elements of v less than pivot (NaN is not) to
// its front and returns how many there are; the order within each side
// is not kept. With AVX-512 and a tmp of at least len(v)+8 elements, it
// takes eight elements a pass (VCMPPD, then VCOMPRESSPD of each side: the
// lesser ones back into v, the others into tmp, copied after them at the
// end); otherwise PartitionLessGo.
func PartitionLess(v []float64, pivot float64, tmp []float64) int {
	if !useCompress || len(v) < 16 || len(tmp) < len(v)+8 {
		return PartitionLessGo(v, pivot)
	}
	l, r := partitionLess(v, tmp, pivot)
	for _, x := range v[len(v)&^7:] {
		if x < pivot {
			v[l] = x
			l++
		} else {
			tmp[r] = x
			r++
		}
	}
	copy(v[l:], tmp[:r])
	return l
}

// PartitionLessGo is PartitionLess in one pass that swaps unconditionally
// and advances conditionally (no branch to mispredict on random data).
func PartitionLessGo(v []float64, pivot float64) int {
	n := 0
	for i, x := range v {
		v[i], v[n] = v[n], x
		if x < pivot {
			n++
		}
	}
	return n
}
