package dev.courier.mail.store;

import dev.courier.mail.account.PasswordHash;

/** An account as stored: its id (new each time a name is added), its canonical name and its password hash. */
public record Account(long id, String name, PasswordHash password) {
}
