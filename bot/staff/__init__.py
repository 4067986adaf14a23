"""Personal staff accounts (name + scrypt password hash); STAFF_PASSWORD stays the bootstrap administrator."""
