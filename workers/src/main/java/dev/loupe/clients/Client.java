package dev.loupe.clients;

import java.time.Instant;

/**
 * An integrator that submits tasks. Its API key and signing secret are not part of it: they are shown once, when
 * made ({@link ClientCredentials}).
 *
 * @param previousSecretValidUntil until when the secret replaced by the last rotation still signs; null when none
 */
public record Client(String clientId, String name, Instant createdAt, Instant previousSecretValidUntil) {}
