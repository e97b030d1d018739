/*
 * Shared test vectors through the C API (BLAKE3's c/main.c + test.py model).
 *
 * Driven by tests/c/vectors.py, which reads tests/vectors/signature.json.
 * Reads one request per line on stdin:
 *
 *     <op> <secret hex> <body hex>
 *
 * and answers one line on stdout:
 *
 *     <status> <output hex or order name or ->
 *
 * ops: canonical, sign, sign_body (mnx_*), signer_sign (mnx_signer_*),
 * verify_strict, verify_tolerant (mnx_verify_ex; output is the order name).
 * Every output is first sized with the size query (NULL, 0), then written
 * into a heap buffer of exactly that size, so AddressSanitizer and valgrind
 * see any write past the end.
 */
#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#include "monetix_gate.h"

static char *read_line(FILE *f) {
    size_t cap = 256, len = 0;
    char *buf = (char *)malloc(cap);
    int c;
    if (!buf) {
        return NULL;
    }
    while ((c = fgetc(f)) != EOF && c != '\n') {
        if (len + 1 >= cap) {
            char *bigger;
            cap *= 2;
            bigger = (char *)realloc(buf, cap);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
        buf[len++] = (char)c;
    }
    if (c == EOF && len == 0) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex text (up to a space or NUL) into a new buffer; "-" is empty. */
static uint8_t *unhex(const char *s, size_t *n, const char **rest) {
    size_t len = 0, i;
    uint8_t *out;
    while (s[len] && s[len] != ' ') len++;
    *rest = s[len] ? s + len + 1 : s + len;
    if (len == 1 && s[0] == '-') len = 0;
    out = (uint8_t *)malloc(len / 2 + 1);
    if (!out) return NULL;
    for (i = 0; i + 1 < len; i += 2) {
        out[i / 2] = (uint8_t)(hexval(s[i]) * 16 + hexval(s[i + 1]));
    }
    *n = len / 2;
    return out;
}

static void print_hex(const uint8_t *p, size_t n) {
    size_t i;
    if (n == 0) {
        putchar('-');
    }
    for (i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

static const char *order_name(mnx_order o) {
    switch (o) {
    case MNX_ORDER_NATURAL: return "natural";
    case MNX_ORDER_BYTE_PATH: return "byte-path";
    case MNX_ORDER_BYTE_LINE: return "byte-line";
    default: return "?";
    }
}

typedef mnx_status (*out_fn)(const uint8_t *body, size_t body_len,
                             const uint8_t *secret, size_t secret_len,
                             const mnx_signer *signer,
                             uint8_t *out, size_t out_cap, size_t *out_len);

static mnx_status do_canonical(const uint8_t *b, size_t bl, const uint8_t *s,
                               size_t sl, const mnx_signer *g, uint8_t *o,
                               size_t oc, size_t *ol) {
    (void)s; (void)sl; (void)g;
    return mnx_canonical(b, bl, o, oc, ol);
}
static mnx_status do_sign(const uint8_t *b, size_t bl, const uint8_t *s,
                          size_t sl, const mnx_signer *g, uint8_t *o, size_t oc,
                          size_t *ol) {
    (void)g;
    return mnx_sign(b, bl, s, sl, o, oc, ol);
}
static mnx_status do_sign_body(const uint8_t *b, size_t bl, const uint8_t *s,
                               size_t sl, const mnx_signer *g, uint8_t *o,
                               size_t oc, size_t *ol) {
    (void)g;
    return mnx_sign_body(b, bl, s, sl, o, oc, ol);
}
static mnx_status do_signer_sign(const uint8_t *b, size_t bl, const uint8_t *s,
                                 size_t sl, const mnx_signer *g, uint8_t *o,
                                 size_t oc, size_t *ol) {
    (void)s; (void)sl;
    return mnx_signer_sign(g, b, bl, o, oc, ol);
}

/* Size query, then an exact-size heap buffer; prints "<status> <hex>". */
static void run_out(out_fn f, const uint8_t *body, size_t body_len,
                    const uint8_t *secret, size_t secret_len,
                    const mnx_signer *signer) {
    size_t needed = (size_t)-1, len = (size_t)-1;
    uint8_t *out;
    mnx_status s = f(body, body_len, secret, secret_len, signer, NULL, 0, &needed);
    if (s == MNX_STATUS_OK && needed == 0) {
        /* An empty output fits the empty buffer of the size query. */
        printf("0 -\n");
        return;
    }
    if (s != MNX_STATUS_BUFFER_TOO_SMALL) {
        /* An input error: it must come before the size, and leave out_len alone. */
        printf("%d -%s\n", (int)s, needed == (size_t)-1 ? "" : " OUT_LEN_WRITTEN");
        return;
    }
    out = (uint8_t *)malloc(needed ? needed : 1);
    if (!out) {
        printf("-1 OOM\n");
        return;
    }
    s = f(body, body_len, secret, secret_len, signer, out, needed, &len);
    if (s == MNX_STATUS_OK && len != needed) {
        printf("%d SIZE_MISMATCH\n", (int)s);
    } else {
        printf("%d ", (int)s);
        print_hex(out, s == MNX_STATUS_OK ? len : 0);
        putchar('\n');
    }
    free(out);
}

int main(void) {
    char *line;
    while ((line = read_line(stdin)) != NULL) {
        const char *rest = line;
        const char *op_end = strchr(line, ' ');
        size_t op_len = op_end ? (size_t)(op_end - line) : strlen(line);
        size_t secret_len = 0, body_len = 0;
        uint8_t *secret, *body;
        secret = unhex(line + op_len + (op_end ? 1 : 0), &secret_len, &rest);
        body = unhex(rest, &body_len, &rest);
        if (!secret || !body) {
            return 2;
        }
#define OP(name) (op_len == strlen(name) && strncmp(line, name, op_len) == 0)
        if (OP("canonical")) {
            run_out(do_canonical, body, body_len, secret, secret_len, NULL);
        } else if (OP("sign")) {
            run_out(do_sign, body, body_len, secret, secret_len, NULL);
        } else if (OP("sign_body")) {
            run_out(do_sign_body, body, body_len, secret, secret_len, NULL);
        } else if (OP("signer_sign")) {
            mnx_signer signer = {0};
            mnx_status s = mnx_signer_init(&signer, secret, secret_len, 0);
            if (s != MNX_STATUS_OK) {
                printf("%d -\n", (int)s);
            } else {
                run_out(do_signer_sign, body, body_len, NULL, 0, &signer);
            }
            mnx_signer_wipe(&signer);
        } else if (OP("verify_strict") || OP("verify_tolerant")) {
            mnx_order order = (mnx_order)-1;
            mnx_status s = mnx_verify_ex(body, body_len, secret, secret_len,
                                         OP("verify_strict"), &order);
            mnx_status plain = mnx_verify(body, body_len, secret, secret_len,
                                          OP("verify_strict"));
            if (plain != s) {
                printf("%d VERIFY_DISAGREES_%d\n", (int)s, (int)plain);
            } else if (s == MNX_STATUS_OK) {
                printf("%d %s\n", (int)s, order_name(order));
            } else {
                printf("%d %s\n", (int)s, order == (mnx_order)-1 ? "-" : "ORDER_WRITTEN");
            }
        } else {
            printf("-1 UNKNOWN_OP\n");
        }
#undef OP
        fflush(stdout);
        free(secret);
        free(body);
        free(line);
    }
    return 0;
}
