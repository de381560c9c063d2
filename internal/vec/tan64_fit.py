#!/usr/bin/env python3
"""tan64_fit.py prints tan64.go's tan64Poly and tan64TwoOverPi (mpmath 1.2):

    /usr/bin/python3 internal/vec/tan64_fit.py

and with the argument "hard" the reduction's bound and tan64_test.go's
tanHard:

    /usr/bin/python3 internal/vec/tan64_fit.py hard

tan64Poly is P of tan r = r + r³/3 + r⁵·P(r²) for |r| ≤ π/8 + 2⁻²⁰: the
minimax polynomial of degree 7 in z = r² (Remez exchange on a 6000-point
grid of z, 60 digits) for the error relative to tan r, that is of
w(z)·(P(z) − G(z)) with G(z) = ((tan r/r − 1)/z − 1/3)/z and w(z) =
z²·r/tan r; the coefficients are rounded to float64 and the rounded
polynomial's error is printed (2⁻⁵⁸·³ of tan r). tan64TwoOverPi is
2/π's first 1280 bits after the point, in 64-bit words.

"hard" prints, for each exponent e below 64, the least |x − k·π/2| over
the float64 x = M·2^(e−52), M < 2⁵³ (binade e and the multiples of its
ulp below it): |q·α − p|·π/2 for the last convergent p/q of α =
2^(e−52)·2/π with q < 2⁵³ (a best approximation: no M < q' beats q, q'
the next denominator). It prints too what C1 + C2 + C3 leave out of π/2
and the reduction's relative error k·(π/2 − C1 − C2 − C3)/|r| at the top
of each binade, and the x of those least |r| (tanHard). tan64 reduces by
π/4 with the halves of C1, C2 and C3 (exactly): the same error for x
near multiples of π/2, and only r's absolute error matters near the odd
multiples of π/4, where tan x is near ±1.
"""
import mpmath as mp

mp.mp.dps = 60
DEG = 7


def G(z):
    r = mp.sqrt(z)
    return ((mp.tan(r) / r - 1) / z - mp.mpf(1) / 3) / z


def w(z):
    r = mp.sqrt(z)
    return z * z * r / mp.tan(r)


def horner(co, z):
    p = co[-1]
    for c in reversed(co[:-1]):
        p = p * z + c
    return p


def remez(n, a, b, iters=40):
    N = n + 2
    pts = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (N - 1)) for i in range(N)]
    grid = [a + (b - a) * mp.mpf(i) / 6000 for i in range(6001)]
    gv = [(z, G(z), w(z)) for z in grid]
    for _ in range(iters):
        A, y = mp.matrix(N, N), mp.matrix(N, 1)
        for i, z in enumerate(pts):
            for j in range(n + 1):
                A[i, j] = z ** j
            A[i, n + 1] = (-1) ** i / w(z)
            y[i] = G(z)
        s = mp.lu_solve(A, y)
        co, E = [s[j] for j in range(n + 1)], s[n + 1]
        ev = [ww * (horner(co, z) - g) for z, g, ww in gv]
        segs, cur = [], [0]  # runs of one sign; the extremum of each
        for i in range(1, len(ev)):
            if mp.sign(ev[i]) != mp.sign(ev[cur[-1]]) and ev[i] != 0:
                segs.append(cur)
                cur = [i]
            else:
                cur.append(i)
        segs.append(cur)
        ext = [max(sg, key=lambda i: abs(ev[i])) for sg in segs]
        while len(ext) > N:
            ext.pop(0 if abs(ev[ext[0]]) < abs(ev[ext[-1]]) else -1)
        m = max(abs(e) for e in ev)
        if len(ext) < N:
            break
        pts = [grid[i] for i in ext]
        if abs(m - abs(E)) / m < mp.mpf('1e-8'):
            break
    return co, gv


def main():
    zmax = (mp.pi / 8 + mp.mpf(2) ** -20) ** 2
    co, gv = remez(DEG, zmax / 6000, zmax)
    co = [float(c) for c in co]
    m = max(abs(ww * (horner([mp.mpf(c) for c in co], z) - g)) for z, g, ww in gv)
    print("// tan64Poly: error 2^%.2f of tan r after rounding" % float(mp.log(m, 2)))
    print("var tan64Poly = [%d]float64{" % len(co))
    for c in co:
        print("\t%s," % c.hex())
    print("}")
    mp.mp.prec = 1400
    t = 2 / mp.pi
    words = []
    for _ in range(20):
        t *= mp.mpf(2) ** 64
        d = int(mp.floor(t))
        words.append(d)
        t -= d
    print("var tan64TwoOverPi = [20]uint64{")
    for i in range(0, 20, 4):
        print("\t" + " ".join("%#016x," % v for v in words[i:i + 4]))
    print("}")


def hard():
    mp.mp.prec = 3000
    pi2 = mp.pi / 2
    c1 = mp.mpf(float(pi2))
    c2 = mp.mpf(float(pi2 - c1))
    c3 = mp.mpf(float(pi2 - c1 - c2))
    delta = abs(pi2 - c1 - c2 - c3)
    print("C1 %s C2 %s C3 %s, π/2 − C1 − C2 − C3 = 2^%.1f" % (
        float(c1).hex(), float(c2).hex(), float(c3).hex(), float(mp.log(delta, 2))))
    xs = set()
    for e in range(64):
        alpha = mp.mpf(2) ** (e - 52) * 2 / mp.pi
        t, (p0, q0, p1, q1) = alpha, (0, 1, 1, 0)
        best = None
        while True:
            a = int(mp.floor(t))
            p0, q0, p1, q1 = p1, q1, a * p1 + p0, a * q1 + q0
            if q1 >= 2 ** 53:
                break
            best = (p1, q1)
            if t == a:
                break
            t = 1 / (t - a)
        p, q = best
        r = abs(q * alpha - p) * pi2
        kmax = mp.mpf(2) ** (e + 1) * 2 / mp.pi
        x = float(q * mp.mpf(2) ** (e - 52))
        xs.add(x)
        print("e %2d: least |r| 2^%.2f at %s, k·δ/|r| 2^%.1f" % (
            e, float(mp.log(r, 2)), x.hex(), float(mp.log(kmax * delta / r, 2))))
    xs.add(6381956970095103 * 2.0 ** 797)  # the closest float64 to a multiple of π/2
    print("tanHard: " + ", ".join(v.hex() for v in sorted(xs)))


if __name__ == "__main__":
    import sys
    hard() if sys.argv[1:] == ["hard"] else main()
