package chunk

// Conversions to and from the complex element types, as NumPy's astype:
// a real value becomes the real part; a complex value converted to a real
// type keeps its real part (NumPy warns ComplexWarning), to bool it is
// true unless both parts are zero.

func convertToComplex[S Number](dst any, s []S) {
	switch d := dst.(type) {
	case []complex64:
		d = d[:len(s)]
		for i, v := range s {
			d[i] = complex(float32(v), 0)
		}
	case []complex128:
		d = d[:len(s)]
		for i, v := range s {
			d[i] = complex(float64(v), 0)
		}
	case *[]complex64:
		convertToComplex(*d, s)
	case *[]complex128:
		convertToComplex(*d, s)
	}
}

func convertFromComplex[S Complex](dst any, s []S) {
	switch d := dst.(type) {
	case []complex64:
		d = d[:len(s)]
		for i, v := range s {
			d[i] = complex64(v)
		}
	case []complex128:
		d = d[:len(s)]
		for i, v := range s {
			d[i] = complex128(v)
		}
	case []bool:
		for i, v := range s {
			d[i] = v != 0
		}
	case *[]complex64:
		convertFromComplex(*d, s)
	case *[]complex128:
		convertFromComplex(*d, s)
	case *[]bool:
		convertFromComplex(*d, s)
	default:
		// Real parts, then the ordinary float conversion.
		re := make([]float64, len(s))
		for i, v := range s {
			re[i] = real(complex128(v))
		}
		convertFrom(dst, re)
	}
}
