/*
 * End-to-end: a terminal builds and signs a Banks of Cambodia payout with the
 * C API and POSTs it to the sandbox (`monetix-gate sandbox`) over a plain
 * socket, then checks the acknowledgement with mnx_ack_parse.
 *
 *   post_payout PORT PAYMENT_ID AMOUNT [CALLBACK_URL]
 *
 * The secret comes from MONETIX_SECRET. Only 127.0.0.1 is ever contacted.
 * Prints `accepted PAYMENT_ID REQUEST_ID` and exits 0 when the sandbox
 * accepts the payout; otherwise prints the answer and exits 1 (2 for usage).
 *
 * Why a plain socket and not libcurl: a payment terminal's firmware rarely
 * has libcurl, and the transport is the application's (the library never
 * opens a socket); the test then needs nothing but a C compiler and the
 * static library, and shows the whole exchange: one request with a
 * Content-Length, one answer read to the end of the connection.
 *
 * Every wait is bounded: connect, send and receive time out after 10 s, and
 * the answer is at most 64 KiB.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "monetix_gate.h"

#define MAX_ANSWER 65536

static char answer[MAX_ANSWER + 1];

static int usage(void) {
    fprintf(stderr, "usage: post_payout PORT PAYMENT_ID AMOUNT [CALLBACK_URL] (secret in MONETIX_SECRET)\n");
    return 2;
}

/* Writes all of `len` bytes; 0 on success. */
static int send_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, data, len, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *secret = getenv("MONETIX_SECRET");
    char *end = NULL;
    long port;
    long long amount;
    const char *payment_id;
    const char *callback_url = argc > 4 ? argv[4] : NULL;
    uint8_t body[MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS];
    size_t body_len = 0;
    mnx_field field = MNX_FIELD_NONE;
    mnx_status status;
    char head[256];
    int head_len;
    int fd;
    struct sockaddr_in addr;
    struct timeval timeout = {10, 0};
    size_t got = 0;
    char *payload;
    mnx_ack ack;
    uint8_t scratch[MAX_ANSWER];
    size_t needed = 0;

    if (argc < 4 || argc > 5 || secret == NULL || secret[0] == '\0') {
        return usage();
    }
    port = strtol(argv[1], &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) {
        return usage();
    }
    amount = strtoll(argv[3], &end, 10);
    if (*end != '\0' || amount <= 0) {
        return usage();
    }
    payment_id = argv[2];

    {
        /* The seed request (examples/cambodia-request.json) with this ID and amount. */
        mnx_cambodia_payout payout = {
            {1234, {payment_id, strlen(payment_id)}, {NULL, 0}},
            {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
            {MNX_STR("1234567890"), 61021, MNX_STR("Banteay Meanchey Branch"), MNX_STR("Serei Saophoan"),
             MNX_STR("Banteay Meanchey"), MNX_STR("John Doe")},
            {MNX_STR("KHR"), 0, {NULL, 0}},
            NULL, 0,
            0,
        };
        payout.payment.amount = (int64_t)amount;
        if (callback_url != NULL) {
            payout.general.merchant_callback_url.ptr = callback_url;
            payout.general.merchant_callback_url.len = strlen(callback_url);
        }
        status = mnx_cambodia_payout_sign(&payout, (const uint8_t *)secret, strlen(secret), body, sizeof body,
                                          &body_len, &field);
        if (status != MNX_STATUS_OK) {
            mnx_str path = mnx_field_path(field);
            fprintf(stderr, "sign: %s (%.*s)\n", mnx_status_str(status), (int)path.len, (const char *)path.ptr);
            return 1;
        }
    }

    head_len = snprintf(head, sizeof head,
                        "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%ld\r\nContent-Type: application/json\r\n"
                        "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                        MNX_CAMBODIA_PAYOUT_ENDPOINT, port, body_len);
    if (head_len < 0 || (size_t)head_len >= sizeof head) {
        return 1;
    }

    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1, and nothing else */
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("connect");
        close(fd);
        return 1;
    }
    if (send_all(fd, head, (size_t)head_len) != 0 || send_all(fd, (const char *)body, body_len) != 0) {
        perror("send");
        close(fd);
        return 1;
    }
    /* The answer, to the end of the connection (the sandbox closes it). */
    while (got < MAX_ANSWER) {
        ssize_t n = recv(fd, answer + got, MAX_ANSWER - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    answer[got] = '\0';

    payload = strstr(answer, "\r\n\r\n");
    if (strncmp(answer, "HTTP/1.1 200 ", 13) != 0 || payload == NULL) {
        fprintf(stderr, "not accepted:\n%s\n", answer);
        return 1;
    }
    payload += 4;
    status = mnx_ack_parse((const uint8_t *)payload, strlen(payload), scratch, sizeof scratch, &needed, &ack);
    if (status != MNX_STATUS_OK) {
        fprintf(stderr, "acknowledgement: %s\n", mnx_status_str(status));
        return 1;
    }
    if (ack.verdict != MNX_VERDICT_ACCEPTED || ack.payment_id.len != strlen(payment_id) ||
        memcmp(ack.payment_id.ptr, payment_id, ack.payment_id.len) != 0 || !ack.has_project_id ||
        ack.project_id != 1234) {
        fprintf(stderr, "unexpected acknowledgement: %s\n", payload);
        return 1;
    }
    printf("accepted %s %.*s\n", payment_id, (int)ack.request_id.len, (const char *)ack.request_id.ptr);
    return 0;
}
