package dev.loupe.security;

import dev.loupe.clients.Client;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request made with a client's API key: the principal is the {@link Client}, the one role {@link Role#CLIENT}. */
final class ClientAuthentication extends AbstractAuthenticationToken {

  private final transient Client client;

  ClientAuthentication(Client client) {
    super(List.of(new SimpleGrantedAuthority(Role.CLIENT.authority())));
    this.client = client;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Client getPrincipal() {
    return client;
  }

  @Override
  public String getName() {
    return "client:" + client.clientId();
  }
}
