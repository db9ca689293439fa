// Java's JSSE as an interop peer for latch (tests/interop/test_java.sh). JDK classes only.
//
// Usage: java PeerJava server|client MODE PORT PKI-DIR FILE -- the protocol every matrix peer
// speaks is described at the top of tests/interop/matrix.sh. keyupdate-peer lowers the
// jdk.tls.keyLimits security property so JSSE sends KeyUpdates on its own, and counts them in
// its debug log ("PEER keyupdate sent=N").
import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.*;
import java.util.concurrent.*;
import javax.net.ssl.*;

public class PeerJava {
    static final int BULK = 10 * 1024 * 1024;
    static final Map<String, String> MODE_SUITE = Map.of(
        "tls12-ecdsa", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "no-ems", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "tls12-rsa", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "tls12-rsakex", "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "chacha13", "TLS_CHACHA20_POLY1305_SHA256",
        "chacha12", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "cbc12-ecdsa", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "cbc12-rsa", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "cbc12-rsakex", "TLS_RSA_WITH_AES_128_CBC_SHA");
    static String role, mode, pki;
    static ByteArrayOutputStream debugLog;

    static X509Certificate readCert(String path) throws Exception {
        try (InputStream in = new FileInputStream(path)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static PrivateKey readKey(String path) throws Exception {
        String pem = Files.readString(Path.of(path));
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException("cannot read the key in " + path);
    }

    static SSLContext context() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", readCert(pki + "/ca.pem"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        String name = null;
        if (role.equals("server"))
            name = Set.of("tls12-rsa", "tls12-rsakex", "cbc12-rsa", "cbc12-rsakex").contains(mode) ? "rsa2048" : "p256";
        else if (mode.startsWith("mtls"))
            name = "rsa2048";
        KeyManager[] keyManagers = null;
        if (name != null) {
            char[] password = "peer".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("id", readKey(pki + "/" + name + "-key.pem"), password,
                             new java.security.cert.Certificate[] {readCert(pki + "/" + name + ".pem")});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers, tmf.getTrustManagers(), null);
        return ctx;
    }

    static void configure(SSLSocket socket) {
        boolean tls12 = Set.of("mtls12", "resume12", "chacha12", "no-ems").contains(mode)
            || mode.startsWith("tls12-") || mode.startsWith("cbc12-");
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(new String[] {tls12 ? "TLSv1.2" : "TLSv1.3"});
        if (MODE_SUITE.containsKey(mode))
            params.setCipherSuites(new String[] {MODE_SUITE.get(mode)});
        if (role.equals("client"))
            params.setEndpointIdentificationAlgorithm("HTTPS");
        if (role.equals("server") && mode.startsWith("mtls"))
            params.setNeedClientAuth(true);
        socket.setSSLParameters(params);
    }

    // JSSE has no "was this resumed": a resumed session was created before this handshake began
    static void report(SSLSocket socket, long started) throws Exception {
        socket.startHandshake();
        SSLSession session = socket.getSession();
        String version = session.getProtocol().replace("TLSv", "TLS");
        String client = "none";
        if (role.equals("server")) {
            try {
                X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
                client = peer.getSubjectX500Principal().getName().replaceAll(".*CN=([^,]*).*", "$1");
            } catch (SSLPeerUnverifiedException e) {
                // none
            }
        }
        boolean resumed = session.getCreationTime() < started;
        System.out.printf("PEER handshake version=%s suite=%s resumed=%s client=%s%n", version,
                          session.getCipherSuite(), resumed ? "yes" : "no", client);
        System.out.flush();
    }

    // sends source in random chunks from a second thread while hashing what comes in: until EOF
    // (server) or as many bytes as sent (a client reading an echo)
    static void bulk(SSLSocket socket, byte[] source) throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256"), recv = MessageDigest.getInstance("SHA-256");
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writing = writer.submit(() -> {
            OutputStream out = socket.getOutputStream();
            Random random = new Random();
            for (int pos = 0; pos < source.length; ) {
                int n = Math.min(1 + random.nextInt(65536), source.length - pos);
                out.write(source, pos, n);
                sent.update(source, pos, n);
                pos += n;
            }
            out.flush();
            return null;
        });
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[65536];
        long received = 0;
        boolean server = role.equals("server");
        while (server || received < source.length) {
            int n = in.read(buf, 0, server ? buf.length : (int) Math.min(buf.length, source.length - received));
            if (n < 0)
                break;
            recv.update(buf, 0, n);
            received += n;
        }
        writing.get(30, TimeUnit.SECONDS);
        writer.shutdown();
        System.out.printf("PEER bulk sent=%d:%s recv=%d:%s%n", source.length, hex(sent.digest()), received,
                          hex(recv.digest()));
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes)
            s.append(String.format("%02x", b));
        return s.toString();
    }

    static void keyUpdates() {
        if (debugLog == null)
            return;
        System.err.flush();
        int count = 0;
        for (String line : debugLog.toString().split("\n"))
            if (line.contains("Produced KeyUpdate"))
                count++;
        System.out.printf("PEER keyupdate sent=%d%n", count);
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            System.out.flush();
            System.out.println("peer_java: " + e);
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        role = args[0];
        mode = args[1];
        int port = Integer.parseInt(args[2]);
        pki = args[3];
        String file = args[4];
        if (mode.equals("no-ems"))
            System.setProperty("jdk.tls.useExtendedMasterSecret", "false");
        if (mode.equals("hrr") && role.equals("server"))
            System.setProperty("jdk.tls.namedGroups", "secp384r1");
        if (mode.equals("keyupdate-peer")) {
            // a KeyUpdate after every 16 KiB a key protects, and the debug log that says so
            Security.setProperty("jdk.tls.keyLimits",
                                 "AES/GCM/NoPadding KeyUpdate 16384, ChaCha20-Poly1305 KeyUpdate 16384");
            System.setProperty("javax.net.debug", "ssl:handshake");
            debugLog = new ByteArrayOutputStream();
            System.setErr(new PrintStream(debugLog, true));
        }
        SSLContext ctx = context();
        int rounds = mode.startsWith("resume") || mode.equals("no-ems") ? 2 : 1;
        if (role.equals("server")) {
            SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(port, 4, InetAddress.getByName("127.0.0.1"));
            System.out.printf("listening on 127.0.0.1:%d%n", port);
            System.out.flush();
            for (int i = 0; i < rounds; i++) {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    long started = System.currentTimeMillis();
                    socket.setSoTimeout(60000);
                    configure(socket);
                    report(socket, started);
                    if (mode.equals("bulk")) {
                        byte[] source = new byte[BULK];
                        new SecureRandom().nextBytes(source);
                        bulk(socket, source);
                    } else {
                        InputStream in = socket.getInputStream();
                        OutputStream out = socket.getOutputStream();
                        byte[] buf = new byte[65536];
                        for (int n; (n = in.read(buf)) >= 0; )
                            out.write(buf, 0, n);
                    }
                }
            }
            keyUpdates();
            return;
        }
        byte[] data = Files.readAllBytes(Path.of(file));
        for (int i = 0; i < rounds; i++) {
            long started = System.currentTimeMillis();
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", port), 10000);
                SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true);
                socket.setSoTimeout(60000);
                configure(socket);
                report(socket, started);
                if (mode.equals("bulk")) {
                    bulk(socket, data);
                } else {
                    socket.getOutputStream().write(data);
                    socket.getOutputStream().flush();
                    byte[] back = socket.getInputStream().readNBytes(data.length);
                    if (Arrays.equals(back, data))
                        System.out.println("PEER echo ok");
                }
                socket.close(); // close_notify
            }
            Thread.sleep(5); // a later handshake's start is after the first's creation time
        }
        keyUpdates();
    }
}
