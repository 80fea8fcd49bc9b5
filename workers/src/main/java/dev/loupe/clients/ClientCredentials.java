package dev.loupe.clients;

/**
 * What a client gets once, when it is registered or a credential is rotated: the key it sends as
 * {@code Authorization: Bearer <apiKey>}, and the secret its callbacks are signed with. Null for the one not
 * changed.
 */
public record ClientCredentials(Client client, String apiKey, String signingSecret) {}
