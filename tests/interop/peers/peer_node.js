// Node.js's tls module as an interop peer for latch (tests/interop/test_node.sh).
//
// Usage: node peer_node.js server|client MODE PORT PKI-DIR FILE -- the protocol every matrix
// peer speaks is described at the top of tests/interop/matrix.sh. No packages beyond Node's own.
'use strict';
const tls = require('tls');
const fs = require('fs');
const crypto = require('crypto');

const [role, mode, portText, pki, file] = process.argv.slice(2);
const port = Number(portText);
const BULK = 10 * 1024 * 1024;
const modeSuite = {
    'tls12-ecdsa': 'ECDHE-ECDSA-AES128-GCM-SHA256',
    'no-ems': 'ECDHE-ECDSA-AES128-GCM-SHA256',
    'tls12-rsa': 'ECDHE-RSA-AES256-GCM-SHA384',
    'tls12-rsakex': 'AES128-GCM-SHA256',
    'chacha12': 'ECDHE-ECDSA-CHACHA20-POLY1305',
    'chacha13': 'TLS_CHACHA20_POLY1305_SHA256',
};
const SSL_OP_NO_EXTENDED_MASTER_SECRET = 0x1; // OpenSSL 3.0's SSL_OP_BIT(0)

// a stall fails rather than blocks: 10 MiB each way takes seconds here
setTimeout(() => { console.error('peer_node: timed out'); process.exit(3); },
           mode === 'bulk' ? 30000 : 60000).unref();

function options() {
    const tls12 = ['mtls12', 'resume12', 'chacha12', 'no-ems'].includes(mode) || mode.startsWith('tls12-');
    const v = tls12 ? 'TLSv1.2' : 'TLSv1.3';
    const o = { minVersion: v, maxVersion: v };
    if (modeSuite[mode]) o.ciphers = modeSuite[mode];
    if (mode === 'no-ems') o.secureOptions = SSL_OP_NO_EXTENDED_MASTER_SECRET;
    const cert = ['tls12-rsa', 'tls12-rsakex'].includes(mode) ? 'rsa2048' : 'p256';
    if (role === 'server') {
        o.cert = fs.readFileSync(`${pki}/${cert}.pem`);
        o.key = fs.readFileSync(`${pki}/${cert}-key.pem`);
        if (mode === 'hrr') o.ecdhCurve = 'P-384';
        if (mode.startsWith('mtls')) {
            o.requestCert = true;
            o.rejectUnauthorized = true;
            o.ca = fs.readFileSync(`${pki}/ca.pem`);
        }
    } else {
        o.ca = fs.readFileSync(`${pki}/ca.pem`);
        o.servername = 'localhost';
        o.host = '127.0.0.1';
        o.port = port;
        if (mode.startsWith('mtls')) {
            o.cert = fs.readFileSync(`${pki}/rsa2048.pem`);
            o.key = fs.readFileSync(`${pki}/rsa2048-key.pem`);
        }
    }
    return o;
}

function report(socket) {
    const version = { 'TLSv1.3': 'TLS1.3', 'TLSv1.2': 'TLS1.2' }[socket.getProtocol()] || socket.getProtocol();
    let client = 'none';
    if (role === 'server') {
        const peer = socket.getPeerCertificate();
        if (peer && peer.subject) client = peer.subject.CN;
    }
    console.log(`PEER handshake version=${version} suite=${socket.getCipher().standardName} ` +
                `resumed=${socket.isSessionReused() ? 'yes' : 'no'} client=${client}`);
}

// sends source in random chunks, with back-pressure, while hashing what comes in: until the
// peer's close (server) or as many bytes as sent (a client reading an echo)
function bulk(socket, source, done) {
    const sent = crypto.createHash('sha256'), recv = crypto.createHash('sha256');
    let pos = 0, received = 0, ended = false, finished = false;
    const finish = () => {
        if (finished || pos < source.length) return;
        if (role === 'client' ? received < source.length : !ended) return;
        finished = true;
        console.log(`PEER bulk sent=${source.length}:${sent.digest('hex')} recv=${received}:${recv.digest('hex')}`);
        done();
    };
    let draining = false;
    const pump = () => {
        if (draining) return;
        while (pos < source.length) {
            const chunk = source.subarray(pos, pos + 1 + crypto.randomInt(65536));
            sent.update(chunk);
            pos += chunk.length;
            if (!socket.write(chunk)) {
                draining = true;
                socket.once('drain', () => { draining = false; pump(); });
                return;
            }
        }
        finish();
    };
    socket.on('data', (d) => {
        recv.update(d);
        received += d.length;
        if (role === 'client') finish();
    });
    socket.on('end', () => { ended = true; finish(); });
    pump();
}

if (role === 'server') {
    const rounds = mode.startsWith('resume') || mode === 'no-ems' ? 2 : 1;
    let left = rounds;
    const server = tls.createServer({ ...options(), allowHalfOpen: true }, (socket) => {
        report(socket);
        if (--left === 0) server.close();
        if (mode === 'bulk') {
            bulk(socket, crypto.randomBytes(BULK), () => socket.end());
        } else {
            socket.on('data', (d) => socket.write(d));
            socket.on('end', () => socket.end());
        }
    });
    server.on('tlsClientError', (e) => {
        console.error(`peer_node: ${e.message}`);
        process.exitCode = 1;
        server.close();
    });
    server.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
} else {
    const data = fs.readFileSync(file);
    const connect = (session, rounds) => {
        let latest = null;
        const socket = tls.connect({ ...options(), session }, () => {
            report(socket);
            if (mode === 'bulk') {
                bulk(socket, data, () => socket.end());
                return;
            }
            const chunks = [];
            let got = 0;
            socket.on('data', (d) => {
                chunks.push(d);
                got += d.length;
                if (got >= data.length) {
                    if (Buffer.concat(chunks).equals(data)) console.log('PEER echo ok');
                    socket.end();
                }
            });
            socket.write(data);
        });
        socket.on('session', (s) => { latest = s; });
        socket.on('error', (e) => { console.error(`peer_node: ${e.message}`); process.exitCode = 1; });
        socket.on('close', () => { if (rounds > 1) connect(latest, rounds - 1); });
    };
    connect(undefined, mode.startsWith('resume') || mode === 'no-ems' ? 2 : 1);
}
