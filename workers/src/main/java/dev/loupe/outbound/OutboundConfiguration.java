package dev.loupe.outbound;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbound policy from {@code loupe.outbound.*}, with the system's resolver. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundSettings.class)
class OutboundConfiguration {

  @Bean
  OutboundPolicy outboundPolicy(OutboundSettings settings) {
    return new OutboundPolicy(settings, HostResolver.SYSTEM);
  }

  @Bean(destroyMethod = "close")
  OutboundHttp outboundHttp(OutboundPolicy policy, OutboundSettings settings) {
    return new OutboundHttp(policy, settings);
  }
}
