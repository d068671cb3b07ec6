-- People who sign in, their API tokens, and failed sign-ins per user name. Times are epoch milliseconds.
create table users (
    username      text    primary key,
    display_name  text    not null,
    role          text    not null,  -- viewer, operator or admin
    groups        text    not null,  -- JSON array of group names
    password_hash text,              -- bcrypt, with its {bcrypt} prefix; null for OpenID Connect users
    provider      text    not null,  -- 'local', or the OpenID Connect registration id
    subject       text,              -- the provider's id for the user ('sub'); null for local users
    created_at    integer not null,
    updated_at    integer not null
);

create unique index users_by_subject on users (provider, subject);

-- A token is only ever stored as the SHA-256 of its text.
create table api_tokens (
    id           text    primary key,
    username     text    not null references users (username) on delete cascade,
    name         text    not null,
    token_hash   text    not null unique,
    created_at   integer not null,
    expires_at   integer,
    last_used_at integer
);

create index api_tokens_by_user on api_tokens (username, created_at);

create table sign_in_failures (
    username     text    primary key,
    failures     integer not null,
    locked_until integer,
    last_failure integer not null
);
