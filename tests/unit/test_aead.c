/* AEAD known answers (RFC 8439 §2.8.2 for ChaCha20-Poly1305; the GCM specification's test
 * cases 4 and 16 for AES-128/256-GCM), in-place round trips, rekeying, rejection of every kind
 * of tampering, and contexts that sleep between records (lt_aead_sleep). */
#include "lt_test.h"

#include "base/err.h"
#include "crypto/aead.h"

typedef struct {
    lt_aead_id id;
    const char *key, *nonce, *aad, *plain, *cipher, *tag;
} lt_aead_vector;

static const lt_aead_vector vectors[] = {
    { LT_AEAD_CHACHA20_POLY1305,
      "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
      "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
      "4c616469657320616e642047656e746c656d656e206f662074686520636c617373206f66202739393a20"
      "4966204920636f756c64206f6666657220796f75206f6e6c79206f6e652074697020666f722074686520"
      "6675747572652c2073756e73637265656e20776f756c642062652069742e",
      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69"
      "da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad67594"
      "5585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116",
      "1ae10b594f09e26a7e902ecbd0600691" },
    { LT_AEAD_AES_128_GCM, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
      "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
      "49a6b525b16aedf5aa0de657ba637b39",
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5a"
      "ac84aa051ba30b396a0aac973d58e091",
      "5bc94fbc3221a5db94fae95ae7121a47" },
    { LT_AEAD_AES_256_GCM, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
      "49a6b525b16aedf5aa0de657ba637b39",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b10"
      "56828838c5f61e6393ba7a0abcc9f662",
      "76fc6ece0f4e1768cddf8853bb2d551b" },
};

static void test_known_answers(void)
{
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        unsigned char key[32], nonce[12], aad[32], plain[128], cipher[128], tag[16], buf[128],
            out_tag[16];
        int key_len = lt_test_unhex(vectors[v].key, key, sizeof key);
        lt_test_unhex(vectors[v].nonce, nonce, sizeof nonce);
        int aad_len = lt_test_unhex(vectors[v].aad, aad, sizeof aad);
        int len = lt_test_unhex(vectors[v].plain, plain, sizeof plain);
        lt_test_unhex(vectors[v].cipher, cipher, sizeof cipher);
        lt_test_unhex(vectors[v].tag, tag, sizeof tag);
        LT_CHECK_INT(key_len, (int)lt_aead_key_len(vectors[v].id));
        lt_aead *aead = NULL;
        LT_CHECK_INT(lt_aead_new(vectors[v].id, key, &aead), 0);
        if (aead == NULL)
            continue;
        memcpy(buf, plain, (size_t)len);
        LT_CHECK_INT(lt_aead_seal(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, out_tag), 0);
        LT_CHECK_MEM(buf, cipher, (size_t)len);
        LT_CHECK_MEM(out_tag, tag, 16);
        /* the same context opens what it sealed, in place */
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag), 0);
        LT_CHECK_MEM(buf, plain, (size_t)len);
        /* tampering with the tag, the ciphertext, the AAD or the nonce is caught */
        memcpy(buf, cipher, (size_t)len);
        out_tag[0] ^= 1;
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, out_tag), LT_ERR_VERIFY);
        memcpy(buf, cipher, (size_t)len);
        buf[len - 1] ^= 0x80;
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag), LT_ERR_VERIFY);
        memcpy(buf, cipher, (size_t)len);
        aad[0] ^= 1;
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag), LT_ERR_VERIFY);
        aad[0] ^= 1;
        memcpy(buf, cipher, (size_t)len);
        nonce[11] ^= 1;
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag), LT_ERR_VERIFY);
        nonce[11] ^= 1;
        /* after a failure the context still works */
        memcpy(buf, cipher, (size_t)len);
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag), 0);
        LT_CHECK_MEM(buf, plain, (size_t)len);
        lt_aead_free(aead);
    }
}

static void test_rekey_and_empty(void)
{
    unsigned char key1[32] = { 1 }, key2[32] = { 2 }, nonce[12] = { 0 }, tag1[16], tag2[16], tag3[16];
    unsigned char data[4] = { 0 };
    lt_aead *a = NULL, *b = NULL;
    LT_CHECK_INT(lt_aead_new(LT_AEAD_AES_256_GCM, key1, &a), 0);
    LT_CHECK_INT(lt_aead_new(LT_AEAD_AES_256_GCM, key2, &b), 0);
    LT_CHECK_INT(lt_aead_seal(a, nonce, NULL, 0, data, 0, tag1), 0);  /* empty: tag only */
    LT_CHECK_INT(lt_aead_seal(b, nonce, NULL, 0, data, 0, tag2), 0);
    LT_CHECK(memcmp(tag1, tag2, 16) != 0);
    LT_CHECK_INT(lt_aead_rekey(a, key2), 0);
    LT_CHECK_INT(lt_aead_seal(a, nonce, NULL, 0, data, 0, tag3), 0);
    LT_CHECK_MEM(tag2, tag3, 16);
    LT_CHECK_INT(lt_aead_open(b, nonce, NULL, 0, data, 0, tag3), 0);
    lt_aead_free(a);
    lt_aead_free(b);
    LT_CHECK_INT(lt_aead_key_len(LT_AEAD_NONE), 0);
    LT_CHECK_INT(lt_aead_new(LT_AEAD_NONE, key1, &a), LT_ERR_INVALID_ARG);
}

/* Sealing in parts, from one buffer to another, gives the one-shot ciphertext and tag for every
 * AEAD and split (a 16 KiB record's content, then its type byte); opening in parts into another
 * buffer gives the plaintext back, and a flipped tag bit fails at the end. */
static void test_parts_match_one_shot(void)
{
    static unsigned char plain[16385], whole[16385], parts[16385], back[16385];
    unsigned char key[32], nonce[12] = { 7 }, aad[5] = { 23, 3, 3, 0x40, 0x11 }, tag1[16], tag2[16];
    static const lt_aead_id ids[] = { LT_AEAD_AES_128_GCM, LT_AEAD_AES_256_GCM, LT_AEAD_CHACHA20_POLY1305 };
    static const size_t splits[] = { 0, 1, 16384, 1000, 16385 };
    for (size_t i = 0; i < sizeof plain; i++)
        plain[i] = (unsigned char)(i * 31 + 7);
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(0x40 + i);
    for (size_t a = 0; a < sizeof ids / sizeof ids[0]; a++) {
        lt_aead *aead = NULL;
        LT_CHECK_INT(lt_aead_new(ids[a], key, &aead), 0);
        for (size_t s = 0; s < sizeof splits / sizeof splits[0]; s++) {
            size_t split = splits[s];
            memcpy(whole, plain, sizeof whole);
            LT_CHECK_INT(lt_aead_seal(aead, nonce, aad, sizeof aad, whole, sizeof whole, tag1), 0);
            LT_CHECK_INT(lt_aead_seal_begin(aead, nonce, aad, sizeof aad), 0);
            LT_CHECK_INT(lt_aead_seal_part(aead, plain, parts, split), 0);
            LT_CHECK_INT(lt_aead_seal_part(aead, plain + split, parts + split, sizeof plain - split), 0);
            LT_CHECK_INT(lt_aead_seal_end(aead, tag2), 0);
            LT_CHECK_MEM(parts, whole, sizeof whole);
            LT_CHECK_MEM(tag1, tag2, 16);
            LT_CHECK_INT(lt_aead_open_begin(aead, nonce, aad, sizeof aad, tag2), 0);
            LT_CHECK_INT(lt_aead_open_part(aead, parts, back, split), 0);
            LT_CHECK_INT(lt_aead_open_part(aead, parts + split, back + split, sizeof parts - split), 0);
            LT_CHECK_INT(lt_aead_open_end(aead), 0);
            LT_CHECK_MEM(back, plain, sizeof plain);
            tag2[15] ^= 1;
            LT_CHECK_INT(lt_aead_open_begin(aead, nonce, aad, sizeof aad, tag2), 0);
            LT_CHECK_INT(lt_aead_open_part(aead, parts, back, sizeof parts), 0);
            LT_CHECK_INT(lt_aead_open_end(aead), LT_ERR_VERIFY);
        }
        /* a part of the other direction is refused */
        LT_CHECK_INT(lt_aead_seal_begin(aead, nonce, aad, sizeof aad), 0);
        LT_CHECK_INT(lt_aead_open_part(aead, plain, back, 16), LT_ERR_INVALID_ARG);
        lt_aead_free(aead);
    }
}

/* A context put to sleep before every operation gives the known answers, opens, refuses a
 * flipped tag, takes a new key while asleep, and refuses a part without its begin. */
static void test_sleep_between_records(void)
{
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        unsigned char key[32], key2[32], nonce[12], aad[32], plain[128], cipher[128], tag[16], buf[128],
            out_tag[16], tag_fresh[16], tag_slept[16];
        lt_test_unhex(vectors[v].key, key, sizeof key);
        lt_test_unhex(vectors[v].nonce, nonce, sizeof nonce);
        int aad_len = lt_test_unhex(vectors[v].aad, aad, sizeof aad);
        int len = lt_test_unhex(vectors[v].plain, plain, sizeof plain);
        lt_test_unhex(vectors[v].cipher, cipher, sizeof cipher);
        lt_test_unhex(vectors[v].tag, tag, sizeof tag);
        lt_aead *aead = NULL, *fresh = NULL;
        LT_CHECK_INT(lt_aead_new(vectors[v].id, key, &aead), 0);
        if (aead == NULL)
            continue;
        lt_aead_sleep(aead);
        lt_aead_sleep(aead); /* twice is once */
        memcpy(buf, plain, (size_t)len);
        LT_CHECK_INT(lt_aead_seal(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, out_tag), 0);
        LT_CHECK_MEM(buf, cipher, (size_t)len);
        LT_CHECK_MEM(out_tag, tag, 16);
        lt_aead_sleep(aead);
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag), 0);
        LT_CHECK_MEM(buf, plain, (size_t)len);
        lt_aead_sleep(aead);
        memcpy(buf, cipher, (size_t)len);
        out_tag[5] ^= 4;
        LT_CHECK_INT(lt_aead_open(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, out_tag), LT_ERR_VERIFY);
        /* a new key while asleep (a KeyUpdate on an idle connection) */
        for (size_t i = 0; i < sizeof key2; i++)
            key2[i] = (unsigned char)(key[i] ^ 0x5a);
        lt_aead_sleep(aead);
        LT_CHECK_INT(lt_aead_rekey(aead, key2), 0);
        lt_aead_sleep(aead);
        LT_CHECK_INT(lt_aead_new(vectors[v].id, key2, &fresh), 0);
        memcpy(buf, plain, (size_t)len);
        LT_CHECK_INT(lt_aead_seal(fresh, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag_fresh), 0);
        memcpy(cipher, buf, (size_t)len);
        memcpy(buf, plain, (size_t)len);
        LT_CHECK_INT(lt_aead_seal(aead, nonce, aad, (size_t)aad_len, buf, (size_t)len, tag_slept), 0);
        LT_CHECK_MEM(buf, cipher, (size_t)len);
        LT_CHECK_MEM(tag_slept, tag_fresh, 16);
        /* asleep, no direction is set up: a part or an end without its begin is refused */
        lt_aead_sleep(aead);
        LT_CHECK_INT(lt_aead_seal_part(aead, plain, buf, 16), LT_ERR_INVALID_ARG);
        LT_CHECK_INT(lt_aead_open_part(aead, plain, buf, 16), LT_ERR_INVALID_ARG);
        LT_CHECK_INT(lt_aead_seal_end(aead, out_tag), LT_ERR_CRYPTO);
        LT_CHECK_INT(lt_aead_open_end(aead), LT_ERR_INVALID_ARG);
        lt_aead_free(fresh);
        lt_aead_free(aead);
    }
    lt_aead_sleep(NULL);
}

int main(void)
{
    LT_RUN(test_known_answers);
    LT_RUN(test_parts_match_one_shot);
    LT_RUN(test_rekey_and_empty);
    LT_RUN(test_sleep_between_records);
    return lt_test_summary();
}
