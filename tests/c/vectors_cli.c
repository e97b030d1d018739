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
 * ops (the pinned calls refuse ambiguous data; "_opt" and "_allow" ops go
 * through the opt-in, MNX_ALLOW_AMBIGUOUS):
 *   canonical, sign, sign_body            mnx_canonical, mnx_sign, mnx_sign_body
 *   sign_opt, sign_body_opt               mnx_sign_opt, mnx_sign_body_opt
 *   signer_sign, signer_sign_body         mnx_signer_* (signer flags 0)
 *   signer_sign_allow, signer_sign_body_allow   (signer flags MNX_ALLOW_AMBIGUOUS)
 *   verify_strict, verify_tolerant        mnx_verify_ex and mnx_verify (must
 *                                         agree); output is the order name
 *   verify_strict_opt, verify_tolerant_opt           mnx_verify_opt
 *   signer_verify_strict, signer_verify_tolerant     mnx_signer_verify
 *   signer_verify_strict_allow, signer_verify_tolerant_allow
 *   callback_strict, callback_tolerant    mnx_callback_parse and
 *                                         mnx_callback_parse_with (flags 0;
 *                                         must agree); output is the outcome
 *   callback_strict_allow, callback_tolerant_allow   mnx_callback_parse_with
 *                                         (signer flags MNX_ALLOW_AMBIGUOUS)
 *   explain                               mnx_ambiguity_explain (the text, hex)
 *   request_<method>_<flags>              the JSON request fields in <body>
 *                                         through mnx_payout_sign_json
 *                                         (method cambodia or colombia) or
 *                                         mnx_payment_status_request_sign_json
 *                                         (status), options flags <flags>
 *                                         (decimal); output: the signed body,
 *                                         or with MNX_STATUS_INVALID every
 *                                         mnx_violation_message line joined
 *                                         by '\n', or with a parse error the
 *                                         mnx_json_explain message (hex)
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
static mnx_status do_signer_sign_body(const uint8_t *b, size_t bl, const uint8_t *s,
                                      size_t sl, const mnx_signer *g, uint8_t *o,
                                      size_t oc, size_t *ol) {
    (void)s; (void)sl;
    return mnx_signer_sign_body(g, b, bl, o, oc, ol);
}
static const mnx_options ALLOW = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS);
static mnx_status do_sign_opt(const uint8_t *b, size_t bl, const uint8_t *s,
                              size_t sl, const mnx_signer *g, uint8_t *o, size_t oc,
                              size_t *ol) {
    (void)g;
    return mnx_sign_opt(b, bl, s, sl, &ALLOW, o, oc, ol);
}
static mnx_status do_sign_body_opt(const uint8_t *b, size_t bl, const uint8_t *s,
                                   size_t sl, const mnx_signer *g, uint8_t *o,
                                   size_t oc, size_t *ol) {
    (void)g;
    return mnx_sign_body_opt(b, bl, s, sl, &ALLOW, o, oc, ol);
}
static mnx_status do_explain(const uint8_t *b, size_t bl, const uint8_t *s,
                             size_t sl, const mnx_signer *g, uint8_t *o,
                             size_t oc, size_t *ol) {
    (void)s; (void)sl; (void)g;
    return mnx_ambiguity_explain(b, bl, o, oc, ol);
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

/* Joins the message of every violation with '\n' (each sized by the size
 * query into an exact heap buffer); prints it as hex. */
static void print_violations(const mnx_violation_list *v) {
    size_t i;
    if (v->len == 0 || v->len > MNX_MAX_VIOLATIONS) {
        printf("BAD_LIST_LEN");
        return;
    }
    for (i = 0; i < v->len; i++) {
        size_t needed = 0, len = (size_t)-1;
        uint8_t *line;
        if (mnx_violation_message(&v->items[i], NULL, 0, &needed) != MNX_STATUS_BUFFER_TOO_SMALL) {
            printf("MESSAGE_QUERY_FAILED");
            return;
        }
        line = (uint8_t *)malloc(needed);
        if (!line || mnx_violation_message(&v->items[i], line, needed, &len) != MNX_STATUS_OK ||
            len != needed) {
            free(line);
            printf("MESSAGE_FAILED");
            return;
        }
        if (i > 0) {
            printf("0a");
        }
        print_hex(line, len);
        free(line);
    }
}

/* request_<method>_<flags>: sizes the scratch and the output with the size
 * query (exact heap buffers), then prints the result (see the top). */
static void request(const char *spec, const uint8_t *fields, size_t fields_len, const uint8_t *secret,
                    size_t secret_len) {
    char method[16];
    unsigned flags = 0;
    int status_request;
    mnx_options opts = MNX_OPTIONS(0);
    uint8_t *scratch = NULL, *out = NULL;
    size_t scratch_cap = 0, out_cap = 0, round;
    mnx_violation_list v;
    mnx_status s = MNX_STATUS_PANIC;
    if (sscanf(spec, "request_%15[a-z]_%u", method, &flags) != 2) {
        printf("-1 BAD_OP\n");
        return;
    }
    opts.flags = flags;
    status_request = strcmp(method, "status") == 0;
    for (round = 0; round < 3; round++) {
        size_t needed = (size_t)-1, len = (size_t)-1;
        v.len = (size_t)-1;
        if (status_request) {
            s = mnx_payment_status_request_sign_json(fields, fields_len, secret, secret_len, &opts, scratch,
                                                     scratch_cap, &needed, out, out_cap, &len, &v);
        } else {
            s = mnx_payout_sign_json(strcmp(method, "cambodia") == 0 ? MNX_METHOD_CAMBODIA : MNX_METHOD_COLOMBIA,
                                     fields, fields_len, secret, secret_len, &opts, scratch, scratch_cap, &needed,
                                     out, out_cap, &len, &v);
        }
        if (s != MNX_STATUS_INVALID && v.len != (size_t)-1) {
            printf("%d VIOLATIONS_WRITTEN\n", (int)s);
            goto done;
        }
        if (s == MNX_STATUS_BUFFER_TOO_SMALL) {
            if (needed == (size_t)-1) {
                printf("%d NEEDED_NOT_WRITTEN\n", (int)s);
                goto done;
            }
            if (needed > scratch_cap) {
                free(scratch);
                scratch = (uint8_t *)malloc(needed);
                scratch_cap = needed;
            } else if (len != (size_t)-1 && len > out_cap) {
                free(out);
                out = (uint8_t *)malloc(len);
                out_cap = len;
            } else {
                printf("%d NOTHING_SHORT\n", (int)s);
                goto done;
            }
            if ((scratch_cap && !scratch) || (out_cap && !out)) {
                printf("-1 OOM\n");
                goto done;
            }
            continue;
        }
        if (s == MNX_STATUS_OK) {
            if (len != out_cap || needed != (size_t)-1) {
                printf("%d SIZE_MISMATCH\n", (int)s);
            } else {
                printf("0 ");
                print_hex(out, len);
                putchar('\n');
            }
        } else if (s == MNX_STATUS_INVALID) {
            printf("%d ", (int)s);
            print_violations(&v);
            putchar('\n');
        } else if (mnx_status_is_parse(s)) {
            size_t n = 0, m = (size_t)-1;
            uint8_t *text;
            if (mnx_json_explain(fields, fields_len, NULL, 0, &n) != MNX_STATUS_BUFFER_TOO_SMALL ||
                (text = (uint8_t *)malloc(n)) == NULL) {
                printf("%d EXPLAIN_FAILED\n", (int)s);
                goto done;
            }
            if (mnx_json_explain(fields, fields_len, text, n, &m) == MNX_STATUS_OK && m == n) {
                printf("%d ", (int)s);
                print_hex(text, n);
                putchar('\n');
            } else {
                printf("%d EXPLAIN_FAILED\n", (int)s);
            }
            free(text);
        } else {
            printf("%d -\n", (int)s);
        }
        goto done;
    }
    printf("%d TOO_MANY_ROUNDS\n", (int)s);
done:
    free(scratch);
    free(out);
}

/* Runs `f` with a signer initialised with `flags` (prints the init error). */
static void with_signer(out_fn f, uint32_t flags, const uint8_t *body, size_t body_len,
                        const uint8_t *secret, size_t secret_len) {
    mnx_signer signer = {0};
    mnx_status s = mnx_signer_init(&signer, secret, secret_len, flags);
    if (s != MNX_STATUS_OK) {
        printf("%d -\n", (int)s);
    } else {
        run_out(f, body, body_len, NULL, 0, &signer);
    }
    mnx_signer_wipe(&signer);
}

/* Prints "<status> <order name>" or "<status> -" (ORDER_WRITTEN on an error
 * that wrote the order). */
static void print_order(mnx_status s, mnx_order order) {
    if (s == MNX_STATUS_OK) {
        printf("%d %s\n", (int)s, order_name(order));
    } else {
        printf("%d %s\n", (int)s, order == (mnx_order)-1 ? "-" : "ORDER_WRITTEN");
    }
}

static void signer_verify(uint32_t flags, int strict, const uint8_t *body, size_t body_len,
                          const uint8_t *secret, size_t secret_len) {
    mnx_signer signer = {0};
    mnx_order order = (mnx_order)-1;
    mnx_status s = mnx_signer_init(&signer, secret, secret_len, flags);
    if (s == MNX_STATUS_OK) {
        s = mnx_signer_verify(&signer, body, body_len, strict != 0, &order);
    }
    mnx_signer_wipe(&signer);
    print_order(s, order);
}

/* The verified callback reader; a scratch as long as the body always
 * suffices. Prints "<status> <outcome>" or "<status> -". With `one_shot`,
 * mnx_callback_parse must give the same status as mnx_callback_parse_with. */
static void callback(uint32_t flags, int strict, int one_shot, const uint8_t *body,
                     size_t body_len, const uint8_t *secret, size_t secret_len) {
    mnx_signer signer = {0};
    mnx_callback cb, cb2;
    size_t needed = (size_t)-1;
    uint8_t *scratch = (uint8_t *)malloc(body_len ? body_len : 1);
    mnx_status s, s2 = MNX_STATUS_OK;
    if (!scratch) {
        printf("-1 OOM\n");
        return;
    }
    memset(&cb, 0xA5, sizeof cb);
    s = mnx_signer_init(&signer, secret, secret_len, flags);
    if (s == MNX_STATUS_OK) {
        s = mnx_callback_parse_with(&signer, body, body_len, strict != 0, scratch, body_len, &needed, &cb);
    }
    mnx_signer_wipe(&signer);
    if (one_shot) {
        s2 = mnx_callback_parse(body, body_len, secret, secret_len, strict != 0, scratch, body_len,
                                &needed, &cb2);
    }
    if (needed != (size_t)-1) {
        printf("%d NEEDED_WRITTEN\n", (int)s);
    } else if (one_shot && s2 != s) {
        printf("%d CALLBACK_DISAGREES_%d\n", (int)s, (int)s2);
    } else if (s == MNX_STATUS_OK) {
        printf("%d %d\n", (int)s, (int)cb.outcome);
    } else {
        /* Nothing written to *out on an error. */
        unsigned char probe[sizeof cb];
        memset(probe, 0xA5, sizeof probe);
        printf("%d %s\n", (int)s, memcmp(&cb, probe, sizeof cb) == 0 ? "-" : "OUT_WRITTEN");
    }
    free(scratch);
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
        } else if (OP("sign_opt")) {
            run_out(do_sign_opt, body, body_len, secret, secret_len, NULL);
        } else if (OP("sign_body_opt")) {
            run_out(do_sign_body_opt, body, body_len, secret, secret_len, NULL);
        } else if (OP("signer_sign_allow")) {
            with_signer(do_signer_sign, MNX_ALLOW_AMBIGUOUS, body, body_len, secret, secret_len);
        } else if (OP("signer_sign_body")) {
            with_signer(do_signer_sign_body, 0, body, body_len, secret, secret_len);
        } else if (OP("signer_sign_body_allow")) {
            with_signer(do_signer_sign_body, MNX_ALLOW_AMBIGUOUS, body, body_len, secret, secret_len);
        } else if (OP("explain")) {
            run_out(do_explain, body, body_len, NULL, 0, NULL);
        } else if (OP("verify_strict_opt") || OP("verify_tolerant_opt")) {
            mnx_order order = (mnx_order)-1;
            mnx_status s = mnx_verify_opt(body, body_len, secret, secret_len, OP("verify_strict_opt"),
                                          &ALLOW, &order);
            print_order(s, order);
        } else if (OP("signer_verify_strict") || OP("signer_verify_tolerant")) {
            signer_verify(0, OP("signer_verify_strict"), body, body_len, secret, secret_len);
        } else if (OP("signer_verify_strict_allow") || OP("signer_verify_tolerant_allow")) {
            signer_verify(MNX_ALLOW_AMBIGUOUS, OP("signer_verify_strict_allow"), body, body_len, secret,
                          secret_len);
        } else if (OP("callback_strict") || OP("callback_tolerant")) {
            callback(0, OP("callback_strict"), 1, body, body_len, secret, secret_len);
        } else if (OP("callback_strict_allow") || OP("callback_tolerant_allow")) {
            callback(MNX_ALLOW_AMBIGUOUS, OP("callback_strict_allow"), 0, body, body_len, secret,
                     secret_len);
        } else if (op_len > 8 && strncmp(line, "request_", 8) == 0) {
            char spec[48];
            size_t n = op_len < sizeof spec - 1 ? op_len : sizeof spec - 1;
            memcpy(spec, line, n);
            spec[n] = '\0';
            request(spec, body, body_len, secret, secret_len);
        } else if (OP("verify_strict") || OP("verify_tolerant")) {
            mnx_order order = (mnx_order)-1;
            mnx_status s = mnx_verify_ex(body, body_len, secret, secret_len,
                                         OP("verify_strict"), &order);
            mnx_status plain = mnx_verify(body, body_len, secret, secret_len,
                                          OP("verify_strict"));
            if (plain != s) {
                printf("%d VERIFY_DISAGREES_%d\n", (int)s, (int)plain);
            } else {
                print_order(s, order);
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
