// Go's crypto/tls as an interop peer for latch (tests/interop/test_go.sh). Standard library only.
//
// Usage: peer_go server|client MODE PORT PKI-DIR FILE -- the protocol every matrix peer speaks
// is described at the top of tests/interop/matrix.sh.
package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	mathrand "math/rand"
	"net"
	"os"
	"strings"
	"sync"
	"time"
)

const bulkSize = 10 * 1024 * 1024

var modeSuite = map[string]uint16{
	"tls12-ecdsa":  tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	"no-ems":       tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	"tls12-rsa":    tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	"tls12-rsakex": tls.TLS_RSA_WITH_AES_128_GCM_SHA256,
	"chacha12":     tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "peer_go: "+format+"\n", args...)
	os.Exit(1)
}

func config(role, mode, pki string) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS13, MaxVersion: tls.VersionTLS13}
	if mode == "mtls12" || mode == "resume12" || mode == "chacha12" || mode == "no-ems" ||
		strings.HasPrefix(mode, "tls12-") {
		c.MinVersion, c.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
	}
	if suite, ok := modeSuite[mode]; ok {
		c.CipherSuites = []uint16{suite}
	}
	roots := x509.NewCertPool()
	pem, err := os.ReadFile(pki + "/ca.pem")
	if err != nil || !roots.AppendCertsFromPEM(pem) {
		fail("cannot read %s/ca.pem", pki)
	}
	load := func(name string) tls.Certificate {
		cert, err := tls.LoadX509KeyPair(pki+"/"+name+".pem", pki+"/"+name+"-key.pem")
		if err != nil {
			fail("%v", err)
		}
		return cert
	}
	if role == "server" {
		name := "p256"
		if mode == "tls12-rsa" || mode == "tls12-rsakex" {
			name = "rsa2048"
		}
		c.Certificates = []tls.Certificate{load(name)}
		if mode == "hrr" {
			c.CurvePreferences = []tls.CurveID{tls.CurveP384}
		}
		if strings.HasPrefix(mode, "mtls") {
			c.ClientAuth = tls.RequireAndVerifyClientCert
			c.ClientCAs = roots
		}
	} else {
		c.RootCAs = roots
		c.ServerName = "localhost"
		c.ClientSessionCache = tls.NewLRUClientSessionCache(4)
		if strings.HasPrefix(mode, "mtls") {
			c.Certificates = []tls.Certificate{load("rsa2048")}
		}
	}
	return c
}

func report(conn *tls.Conn, server bool) {
	if err := conn.Handshake(); err != nil {
		fail("handshake: %v", err)
	}
	cs := conn.ConnectionState()
	version := map[uint16]string{tls.VersionTLS13: "TLS1.3", tls.VersionTLS12: "TLS1.2"}[cs.Version]
	resumed, client := "no", "none"
	if cs.DidResume {
		resumed = "yes"
	}
	if server && len(cs.PeerCertificates) > 0 {
		client = cs.PeerCertificates[0].Subject.CommonName
	}
	fmt.Printf("PEER handshake version=%s suite=%s resumed=%s client=%s\n", version,
		tls.CipherSuiteName(cs.CipherSuite), resumed, client)
}

// bulk sends source in random chunks while hashing what comes in: until EOF (server) or as
// many bytes as sent (a client reading an echo)
func bulk(conn *tls.Conn, source []byte, server bool) {
	conn.SetDeadline(time.Now().Add(30 * time.Second)) // 10 MiB each way takes seconds here
	sent, recv := sha256.New(), sha256.New()
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for pos := 0; pos < len(source); {
			n := 1 + mathrand.Intn(65536)
			if pos+n > len(source) {
				n = len(source) - pos
			}
			if _, err := conn.Write(source[pos : pos+n]); err != nil {
				writeErr = err
				return
			}
			sent.Write(source[pos : pos+n])
			pos += n
		}
	}()
	var received int64
	var err error
	if server {
		received, err = io.Copy(recv, conn)
	} else {
		received, err = io.CopyN(recv, conn, int64(len(source)))
	}
	wg.Wait()
	if err != nil || writeErr != nil {
		fail("bulk: read %d bytes: %v; write: %v", received, err, writeErr)
	}
	fmt.Printf("PEER bulk sent=%d:%x recv=%d:%x\n", len(source), sent.Sum(nil), received, recv.Sum(nil))
}

// closeBoth sends close_notify and waits (bounded) for the peer's
func closeBoth(conn *tls.Conn) {
	conn.CloseWrite()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	io.Copy(io.Discard, conn)
	conn.Close()
}

func main() {
	if len(os.Args) != 6 {
		fail("usage: peer_go server|client MODE PORT PKI-DIR FILE")
	}
	role, mode, port, pki, file := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5]
	cfg := config(role, mode, pki)
	rounds := 1
	if strings.HasPrefix(mode, "resume") || mode == "no-ems" {
		rounds = 2
	}
	addr := "127.0.0.1:" + port
	if role == "server" {
		listener, err := tls.Listen("tcp", addr, cfg)
		if err != nil {
			fail("%v", err)
		}
		fmt.Printf("listening on %s\n", addr)
		for i := 0; i < rounds; i++ {
			raw, err := listener.Accept()
			if err != nil {
				fail("%v", err)
			}
			conn := raw.(*tls.Conn)
			conn.SetDeadline(time.Now().Add(60 * time.Second))
			report(conn, true)
			if mode == "bulk" {
				source := make([]byte, bulkSize)
				rand.Read(source)
				bulk(conn, source, true)
			} else if _, err := io.Copy(conn, conn); err != nil {
				fail("echo: %v", err)
			}
			conn.Close()
		}
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	for i := 0; i < rounds; i++ {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, cfg)
		if err != nil {
			fail("%v", err)
		}
		conn.SetDeadline(time.Now().Add(60 * time.Second))
		report(conn, false)
		if mode == "bulk" {
			bulk(conn, data, false)
		} else {
			if _, err := conn.Write(data); err != nil {
				fail("write: %v", err)
			}
			back := make([]byte, len(data))
			if _, err := io.ReadFull(conn, back); err != nil {
				fail("read: %v", err)
			}
			if bytes.Equal(back, data) {
				fmt.Println("PEER echo ok")
			}
		}
		closeBoth(conn)
	}
}
