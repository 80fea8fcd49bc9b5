package dev.loupe.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.clients.ClientRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every caller authenticated, every endpoint authorized (docs/security.md has the table; AuthorizationMatrixIT
 * checks it against the OpenAPI document). Three kinds of caller:
 * <ul>
 *   <li>clients, with their API key ({@code Bearer lpk_...}, {@link BearerSecretFilter});
 *   <li>people: a session from the login page (the admin UI), HTTP Basic or a token ({@code Bearer lpu_...}) against
 *       the local user store, or a JWT from the OIDC provider when {@code spring.security.oauth2.resourceserver.jwt.*}
 *       names one;
 *   <li>ops: the actuator's health details, metrics and Prometheus need {@link Role#OPS} on the public port; plain
 *       liveness and readiness stay open for probes, and a separate management port is open to whoever reaches it.
 * </ul>
 * Only session requests need a CSRF token (the {@code XSRF-TOKEN} cookie's value as {@code X-XSRF-TOKEN}): a
 * request with an Authorization header carries its own credentials, which a browser never adds by itself because
 * Loupe never challenges with Basic ({@link ProblemResponses}).
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

  private static final String[] PEOPLE = {
    Role.OPERATOR.name(), Role.DESIGNER.name(), Role.ML_ENGINEER.name(), Role.OPS.name()};

  @Bean
  SecurityFilterChain loupeSecurity(HttpSecurity http, ClientRegistry clients, StaffTokens tokens, ObjectMapper json,
      SessionRegistry sessions, ObjectProvider<JwtDecoder> jwtDecoder,
      @Value("${loupe.security.jwt.roles-claim:roles}") String rolesClaim,
      @Value("${loupe.security.jwt.username-claim:preferred_username}") String usernameClaim,
      @Value("${management.server.port:-1}") int managementPort,
      @Value("${server.port:8080}") int serverPort) throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    AuthenticationEntryPoint unauthorized = problems.unauthorized();
    CsrfTokenRequestAttributeHandler csrfTokens = new CsrfTokenRequestAttributeHandler();
    csrfTokens.setCsrfRequestAttributeName(null);
    http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers(onOwnManagementPort(managementPort, serverPort)).permitAll()
            .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
            .permitAll()
            .requestMatchers("/actuator/**").hasRole(Role.OPS.name())
            .requestMatchers("/login.html", "/login", "/css/**", "/js/**", "/favicon.ico", "/error").permitAll()
            .requestMatchers("/", "/index.html", "/vendor/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
            .authenticated()
            .requestMatchers(HttpMethod.GET, "/webjars/**").authenticated()
            .requestMatchers(HttpMethod.POST, "/api/v1/tasks").hasAnyRole(Role.CLIENT.name(), Role.DESIGNER.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/tasks", "/api/v1/tasks.csv", "/api/v1/tasks/*",
                "/api/v1/tasks/*/events")
            .hasAnyRole(Role.CLIENT.name(), Role.OPERATOR.name(), Role.DESIGNER.name(), Role.ML_ENGINEER.name())
            .requestMatchers(HttpMethod.POST, "/api/v1/tasks/*/cancel", "/api/v1/tasks/*/reprocess",
                "/api/v1/tasks/*/resend-to-operator", "/api/v1/tasks/bulk/cancel", "/api/v1/tasks/bulk/reprocess",
                "/api/v1/tasks/bulk/resend-to-operator")
            .hasAnyRole(Role.CLIENT.name(), Role.ADMIN.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/billing").hasAnyRole(Role.CLIENT.name(), Role.ADMIN.name())
            .requestMatchers("/api/v1/inbox", "/api/v1/inbox/**", "/api/v1/sessions/**").hasRole(Role.OPERATOR.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/models/*/training-runs").hasRole(Role.ML_ENGINEER.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/models", "/api/v1/models/**", "/api/v1/model-quality",
                "/api/v1/model-quality/**")
            .hasAnyRole(Role.ML_ENGINEER.name(), Role.DESIGNER.name())
            .requestMatchers("/api/v1/models/**").hasRole(Role.ML_ENGINEER.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/tasks/*/recipe-runs")
            .hasAnyRole(Role.OPERATOR.name(), Role.DESIGNER.name(), Role.ML_ENGINEER.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/recipes/deployments/*/bpmn")
            .hasAnyRole(Role.OPERATOR.name(), Role.DESIGNER.name(), Role.ML_ENGINEER.name(), Role.OPS.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/recipes", "/api/v1/recipes/**")
            .hasAnyRole(Role.DESIGNER.name(), Role.OPS.name())
            .requestMatchers("/api/v1/recipes", "/api/v1/recipes/**").hasRole(Role.DESIGNER.name())
            .requestMatchers("/api/v1/datasets", "/api/v1/datasets/**").hasRole(Role.ML_ENGINEER.name())
            .requestMatchers("/api/v1/read-models", "/api/v1/read-models/**").hasRole(Role.OPS.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/operator-monitor/teams").hasRole(Role.OPS.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/demand").hasRole(Role.OPS.name())
            .requestMatchers(HttpMethod.GET, "/api/v1/operator-monitor/sessions", "/api/v1/operator-monitor/days")
            .hasAnyRole(Role.OPERATOR.name(), Role.OPS.name())
            .requestMatchers("/api/v1/me", "/api/v1/me/**").hasAnyRole(PEOPLE)
            .requestMatchers("/api/v1/clients", "/api/v1/clients/**", "/api/v1/users", "/api/v1/users/**",
                "/api/v1/teams", "/api/v1/teams/**", "/api/v1/journal/**")
            .hasRole(Role.ADMIN.name())
            .anyRequest().denyAll())
        .addFilterBefore(new BearerSecretFilter(clients, tokens, unauthorized), BasicAuthenticationFilter.class)
        .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
        .formLogin(login -> login.loginPage("/login.html").loginProcessingUrl("/login")
            .defaultSuccessUrl("/", false).failureUrl("/login.html?error"))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login.html?signed-out"))
        .sessionManagement(session -> session.maximumSessions(-1).sessionRegistry(sessions)
            .expiredSessionStrategy(expired -> {
              if (browserPage().matches(expired.getRequest())) {
                expired.getResponse().sendRedirect(expired.getRequest().getContextPath() + "/login.html?expired");
              } else {
                unauthorized.commence(expired.getRequest(), expired.getResponse(),
                    new SessionAuthenticationException("your session was ended: sign in again"));
              }
            }))
        .csrf(csrf -> csrf
            .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
            .csrfTokenRequestHandler(csrfTokens)
            .requireCsrfProtectionMatcher(SecurityConfiguration::mayBeForged))
        .exceptionHandling(errors -> errors
            .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login.html"), browserPage())
            .defaultAuthenticationEntryPointFor(unauthorized, request -> true)
            .accessDeniedHandler(problems.forbidden()));
    JwtDecoder decoder = jwtDecoder.getIfAvailable();
    if (decoder != null) {
      DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
      http.oauth2ResourceServer(server -> server
          .bearerTokenResolver(request -> BearerSecretFilter.carriesOwnSecret(request) ? null : bearer.resolve(request))
          .authenticationEntryPoint(unauthorized)
          .accessDeniedHandler(problems.forbidden())
          .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new JwtRoles(rolesClaim, usernameClaim))));
    }
    return http.build();
  }

  /** Who is signed in with a session, so disabling a person or resetting their password ends their sessions. */
  @Bean
  SessionRegistry sessionRegistry() {
    return new SessionRegistryImpl();
  }

  /** Tells the session registry when a session ends, so it forgets it. */
  @Bean
  static HttpSessionEventPublisher httpSessionEventPublisher() {
    return new HttpSessionEventPublisher();
  }

  /** An admin is every kind of staff; a client's role implies nothing else. */
  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.withDefaultRolePrefix()
        .role(Role.ADMIN.name()).implies(PEOPLE)
        .build();
  }

  /** bcrypt by default, and every hash says its algorithm ({@code {bcrypt}...}) so it can change later. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /** Spring Security's JDBC user store over Loupe's own tables (V9__staff_and_teams.sql). */
  @Bean
  JdbcUserDetailsManager staffUserStore(DataSource dataSource) {
    JdbcUserDetailsManager users = new JdbcUserDetailsManager(dataSource);
    users.setUsersByUsernameQuery("SELECT username, password, enabled FROM staff_user WHERE username = ?");
    users.setAuthoritiesByUsernameQuery("SELECT username, authority FROM staff_authority WHERE username = ?");
    users.setUserExistsSql("SELECT username FROM staff_user WHERE username = ?");
    users.setCreateUserSql("INSERT INTO staff_user (username, password, enabled) VALUES (?, ?, ?)");
    users.setUpdateUserSql("UPDATE staff_user SET password = ?, enabled = ? WHERE username = ?");
    users.setDeleteUserSql("DELETE FROM staff_user WHERE username = ?");
    users.setChangePasswordSql("UPDATE staff_user SET password = ? WHERE username = ?");
    users.setCreateAuthoritySql("INSERT INTO staff_authority (username, authority) VALUES (?, ?)");
    users.setDeleteUserAuthoritiesSql("DELETE FROM staff_authority WHERE username = ?");
    return users;
  }

  /**
   * The actuator on a port of its own ({@code management.server.port}, the Helm chart's 9090), which only the
   * cluster reaches (the Service does not expose it): Prometheus and the probes read it without credentials.
   */
  private static RequestMatcher onOwnManagementPort(int managementPort, int serverPort) {
    return request -> managementPort > 0 && managementPort != serverPort && request.getLocalPort() == managementPort;
  }

  /**
   * Whether a request could be forged by another site: a change (not GET, HEAD, TRACE, OPTIONS) that a browser
   * authenticates by itself, that is with the session cookie, and the login form (so no one is signed in as someone
   * else). A request with an Authorization header carries its own credentials; one with neither is anonymous and
   * gets its 401.
   */
  private static boolean mayBeForged(HttpServletRequest request) {
    return CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
        && request.getHeader(HttpHeaders.AUTHORIZATION) == null
        && (request.getRequestedSessionId() != null || "/login".equals(request.getServletPath()));
  }

  /** A page a browser asked for (it accepts HTML): sent to the login page rather than given a 401. */
  private static RequestMatcher browserPage() {
    MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
    html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
    return request -> !isApi(request) && html.matches(request);
  }

  private static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
  }
}
