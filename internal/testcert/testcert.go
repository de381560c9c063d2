// Package testcert writes a throwaway certificate authority, a server
// certificate for 127.0.0.1 and a client certificate signed by it, for
// tests of TLS on loopback. Keys are ECDSA P-256; the certificates are
// valid for an hour around now.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Files are the PEM files Write makes.
type Files struct {
	CA                    string // the CA's certificate
	Cert, Key             string // the server's certificate (for 127.0.0.1) and key
	ClientCert, ClientKey string // a client certificate and key
}

// Write writes a CA and the certificates it signed into dir; any failure
// fails the test.
func Write(t testing.TB, dir string) Files {
	t.Helper()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, typ string, b []byte) string {
		p := filepath.Join(dir, name)
		must(os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600))
		return p
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	must(err)
	ca, err := x509.ParseCertificate(caDER)
	must(err)
	f := Files{CA: write("ca.pem", "CERTIFICATE", caDER)}
	leaf := func(serial int64, name string, usage x509.ExtKeyUsage) (cert, key string) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(err)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
			ExtKeyUsage: []x509.ExtKeyUsage{usage}, KeyUsage: x509.KeyUsageDigitalSignature}
		if usage == x509.ExtKeyUsageServerAuth {
			tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		must(err)
		kDER, err := x509.MarshalECPrivateKey(k)
		must(err)
		return write(name+".pem", "CERTIFICATE", der), write(name+"-key.pem", "EC PRIVATE KEY", kDER)
	}
	f.Cert, f.Key = leaf(2, "server", x509.ExtKeyUsageServerAuth)
	f.ClientCert, f.ClientKey = leaf(3, "client", x509.ExtKeyUsageClientAuth)
	return f
}

// Server returns the server's TLS configuration; with clientAuth it
// requires client certificates signed by the CA.
func (f Files) Server(t testing.TB, clientAuth bool) *tls.Config {
	t.Helper()
	c := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{f.pair(t, f.Cert, f.Key)}}
	if clientAuth {
		c.ClientCAs, c.ClientAuth = f.pool(t), tls.RequireAndVerifyClientCert
	}
	return c
}

// Client returns a client's TLS configuration trusting the CA; with
// cert it presents the client certificate.
func (f Files) Client(t testing.TB, cert bool) *tls.Config {
	t.Helper()
	c := &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: f.pool(t)}
	if cert {
		c.Certificates = []tls.Certificate{f.pair(t, f.ClientCert, f.ClientKey)}
	}
	return c
}

func (f Files) pair(t testing.TB, cert, key string) tls.Certificate {
	t.Helper()
	p, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f Files) pool(t testing.TB) *x509.CertPool {
	t.Helper()
	b, err := os.ReadFile(f.CA)
	if err != nil {
		t.Fatal(err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(b) {
		t.Fatal("testcert: no certificate in " + f.CA)
	}
	return p
}
