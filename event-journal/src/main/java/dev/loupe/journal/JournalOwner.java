package dev.loupe.journal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the connection as the role that owns the journal's tables: the one that migrates them and the only one
 * that may detach and drop a month (the archive). The application's own role may append and read events and can
 * neither change nor remove them (docs/adr/0018-database-roles.md), so whatever must do more asks for this one
 * by name; nothing gets it by type.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface JournalOwner {}
