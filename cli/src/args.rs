//! Hand-rolled command-line parsing.
//!
//! Options may come before or after the command. A lone `-` as FILE means
//! standard input; `--` ends the options. The secret is never accepted as an
//! argument: `--secret`, `--secret=...` (and any other `--secret*` spelling
//! but `--secret-file`) are refused with an explanation, without echoing the
//! value.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use crate::fail::Failure;

/// The payout methods of `monetix-gate payout METHOD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Banks of Cambodia.
    Cambodia,
    /// Bank transfers in Colombia.
    Colombia,
}

/// A subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `canonical [FILE]`
    Canonical,
    /// `sign [FILE]`
    Sign,
    /// `sign-body [FILE]`
    SignBody,
    /// `verify [--strict] [FILE]`
    Verify,
    /// `payout cambodia|colombia [FILE]`
    Payout(Method),
    /// `status [FILE]`
    Status,
    /// `callback [--strict] [FILE]`
    Callback,
    /// `response [FILE]`
    Response,
}

impl Command {
    fn from_name(name: &str) -> Option<Option<Self>> {
        Some(Some(match name {
            "canonical" => Command::Canonical,
            "sign" => Command::Sign,
            "sign-body" => Command::SignBody,
            "verify" => Command::Verify,
            // The method is the next positional argument.
            "payout" => return Some(None),
            "status" => Command::Status,
            "callback" => Command::Callback,
            "response" => Command::Response,
            _ => return None,
        }))
    }

    /// The command's name as typed.
    pub fn name(self) -> &'static str {
        match self {
            Command::Canonical => "canonical",
            Command::Sign => "sign",
            Command::SignBody => "sign-body",
            Command::Verify => "verify",
            Command::Payout(_) => "payout",
            Command::Status => "status",
            Command::Callback => "callback",
            Command::Response => "response",
        }
    }

    /// Whether the command uses the secret.
    pub fn needs_secret(self) -> bool {
        !matches!(self, Command::Canonical | Command::Response)
    }

    fn allows(self, flag: Flag) -> bool {
        match flag {
            Flag::SecretFile | Flag::AllowSuspiciousSecret => self.needs_secret(),
            Flag::Strict => matches!(self, Command::Verify | Command::Callback),
            Flag::Endpoint | Flag::AllowUnlistedBank => matches!(self, Command::Payout(_)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    SecretFile,
    AllowSuspiciousSecret,
    Strict,
    Endpoint,
    AllowUnlistedBank,
}

impl Flag {
    fn name(self) -> &'static str {
        match self {
            Flag::SecretFile => "--secret-file",
            Flag::AllowSuspiciousSecret => "--allow-suspicious-secret",
            Flag::Strict => "--strict",
            Flag::Endpoint => "--endpoint",
            Flag::AllowUnlistedBank => "--allow-unlisted-bank",
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Print the general help, or the help of one command.
    Help(Option<&'static str>),
    /// Print the version.
    Version,
    /// Run a command.
    Run(Args),
}

/// A parsed command with its options.
#[derive(Debug)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// The body's file; `None` for standard input.
    pub file: Option<PathBuf>,
    /// `--secret-file PATH`.
    pub secret_file: Option<PathBuf>,
    /// `--allow-suspicious-secret`.
    pub allow_suspicious_secret: bool,
    /// `--strict`.
    pub strict: bool,
    /// `--endpoint`.
    pub endpoint: bool,
    /// `--allow-unlisted-bank`.
    pub allow_unlisted_bank: bool,
}

/// The message for a secret given on the command line.
pub const SECRET_ON_COMMAND_LINE: &str = "refusing a secret on the command line \
(it would be visible in the process list and the shell history): \
set MONETIX_SECRET or pass --secret-file PATH";

/// Is `arg` an attempt to pass the secret itself as an option?
fn is_secret_option(arg: &OsStr) -> bool {
    let bytes = arg.as_encoded_bytes();
    let name = bytes.split(|&b| b == b'=').next().unwrap_or(bytes);
    name.starts_with(b"--secret") && name != b"--secret-file"
}

/// An option's name for a message: everything before `=`, lossily decoded,
/// so a value (which might be a secret) is never echoed.
fn option_name(arg: &OsStr) -> String {
    let bytes = arg.as_encoded_bytes();
    let name = bytes.split(|&b| b == b'=').next().unwrap_or(bytes);
    String::from_utf8_lossy(name).into_owned()
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Invocation, Failure> {
    let args: Vec<OsString> = args.into_iter().collect();
    // Refuse a secret anywhere (even after `--`) before anything else, so
    // that no later error message can echo it.
    if args.iter().any(|a| is_secret_option(a)) {
        return Err(Failure::Usage(SECRET_ON_COMMAND_LINE.to_owned()));
    }

    let mut command: Option<Command> = None;
    let mut saw_payout = false;
    let mut help = false;
    let mut version = false;
    let mut positionals: Vec<OsString> = Vec::new();
    let mut flags: Vec<Flag> = Vec::new();
    let mut secret_file: Option<PathBuf> = None;
    let mut only_positionals = false;

    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let text = arg.to_str();
        if only_positionals || arg == "-" || !arg.as_encoded_bytes().starts_with(b"-") {
            // The first positional names the command (or `help`); for
            // `payout` the second names the method.
            if command.is_none() && !saw_payout && !help {
                let name = text.unwrap_or("");
                if name == "help" {
                    help = true;
                    continue;
                }
                match Command::from_name(name) {
                    Some(Some(c)) => command = Some(c),
                    Some(None) => saw_payout = true,
                    None => {
                        return Err(Failure::Usage(format!(
                            "unknown command `{}` (see `monetix-gate --help`)",
                            arg.to_string_lossy()
                        )))
                    }
                }
                continue;
            }
            if saw_payout && command.is_none() {
                let method = match text {
                    Some("cambodia") => Method::Cambodia,
                    Some("colombia") => Method::Colombia,
                    _ => {
                        return Err(Failure::Usage(format!(
                            "unknown payout method `{}`: expected `cambodia` or `colombia`",
                            arg.to_string_lossy()
                        )))
                    }
                };
                command = Some(Command::Payout(method));
                continue;
            }
            positionals.push(arg);
            continue;
        }
        match text {
            Some("--") => only_positionals = true,
            Some("-h" | "--help") => help = true,
            Some("-V" | "--version") => version = true,
            Some("--secret-file") => {
                let path = it
                    .next()
                    .ok_or_else(|| Failure::Usage("--secret-file needs a PATH".to_owned()))?;
                set_secret_file(&mut secret_file, path)?;
                flags.push(Flag::SecretFile);
            }
            Some(s) if s.starts_with("--secret-file=") => {
                let path = s.trim_start_matches("--secret-file=");
                set_secret_file(&mut secret_file, OsString::from(path))?;
                flags.push(Flag::SecretFile);
            }
            Some("--allow-suspicious-secret") => flags.push(Flag::AllowSuspiciousSecret),
            Some("--strict") => flags.push(Flag::Strict),
            Some("--endpoint") => flags.push(Flag::Endpoint),
            Some("--allow-unlisted-bank") => flags.push(Flag::AllowUnlistedBank),
            _ => {
                return Err(Failure::Usage(format!(
                    "unknown option `{}` (see `monetix-gate --help`)",
                    option_name(&arg)
                )))
            }
        }
    }

    if help {
        // `help sign`, `sign --help`, `help` alone.
        let topic = match (command, positionals.first().and_then(|p| p.to_str())) {
            (Some(c), _) => Some(c.name()),
            (None, _) if saw_payout => Some("payout"),
            (None, Some(name)) => match Command::from_name(name) {
                Some(Some(c)) => Some(c.name()),
                Some(None) => Some("payout"),
                None => {
                    return Err(Failure::Usage(format!(
                        "no help for unknown command `{name}`"
                    )))
                }
            },
            (None, None) => None,
        };
        return Ok(Invocation::Help(topic));
    }
    if version {
        return Ok(Invocation::Version);
    }
    let command = match command {
        Some(c) => c,
        None if saw_payout => {
            return Err(Failure::Usage(
                "payout needs a method: `monetix-gate payout cambodia|colombia [FILE]`".to_owned(),
            ))
        }
        None => {
            return Err(Failure::Usage(
                "no command given (see `monetix-gate --help`)".to_owned(),
            ))
        }
    };

    for &flag in &flags {
        if !command.allows(flag) {
            return Err(Failure::Usage(format!(
                "option {} does not apply to `{}`",
                flag.name(),
                command.name()
            )));
        }
    }
    for (i, &flag) in flags.iter().enumerate() {
        // A repeated switch is harmless but almost always a mistake in a
        // script; `--secret-file` twice is refused while parsing.
        if flag != Flag::SecretFile && flags.get(..i).is_some_and(|seen| seen.contains(&flag)) {
            return Err(Failure::Usage(format!(
                "option {} is given more than once",
                flag.name()
            )));
        }
    }
    if positionals.len() > 1 {
        // Not echoed: a stray argument may be a secret typed by mistake.
        return Err(Failure::Usage(format!(
            "too many arguments: `{}` takes at most one FILE",
            command.name()
        )));
    }
    let file = positionals.pop().filter(|p| p != "-").map(PathBuf::from);

    Ok(Invocation::Run(Args {
        command,
        file,
        secret_file,
        allow_suspicious_secret: flags.contains(&Flag::AllowSuspiciousSecret),
        strict: flags.contains(&Flag::Strict),
        endpoint: flags.contains(&Flag::Endpoint),
        allow_unlisted_bank: flags.contains(&Flag::AllowUnlistedBank),
    }))
}

fn set_secret_file(slot: &mut Option<PathBuf>, path: OsString) -> Result<(), Failure> {
    if slot.is_some() {
        return Err(Failure::Usage(
            "--secret-file is given more than once".to_owned(),
        ));
    }
    if path.is_empty() {
        return Err(Failure::Usage(
            "--secret-file needs a non-empty PATH".to_owned(),
        ));
    }
    *slot = Some(PathBuf::from(path));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Invocation, Failure> {
        parse(args.iter().map(OsString::from))
    }

    fn ok(args: &[&str]) -> Args {
        match run(args) {
            Ok(Invocation::Run(a)) => a,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn usage(args: &[&str]) -> String {
        match run(args) {
            Err(Failure::Usage(m)) => m,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn commands_and_files() {
        let a = ok(&["sign", "body.json"]);
        assert_eq!(a.command, Command::Sign);
        assert_eq!(a.file, Some(PathBuf::from("body.json")));
        assert_eq!(ok(&["canonical"]).file, None);
        assert_eq!(ok(&["canonical", "-"]).file, None);
        assert_eq!(
            ok(&["canonical", "--", "-x"]).file,
            Some(PathBuf::from("-x"))
        );
        let a = ok(&["--strict", "verify", "--secret-file", "s.txt", "cb.json"]);
        assert!(a.strict);
        assert_eq!(a.secret_file, Some(PathBuf::from("s.txt")));
        let a = ok(&["verify", "--secret-file=s.txt"]);
        assert_eq!(a.secret_file, Some(PathBuf::from("s.txt")));
        let a = ok(&["payout", "colombia", "--allow-unlisted-bank", "f.json"]);
        assert_eq!(a.command, Command::Payout(Method::Colombia));
        assert!(a.allow_unlisted_bank);
    }

    #[test]
    fn secret_on_the_command_line_is_refused_without_echo() {
        for args in [
            &["sign", "--secret", "hunter2"][..],
            &["sign", "--secret=hunter2"],
            &["--secret-key=hunter2", "sign"],
            &["nonsense", "--", "--secret=hunter2"],
        ] {
            let m = usage(args);
            assert_eq!(m, SECRET_ON_COMMAND_LINE);
            assert!(!m.contains("hunter2"));
        }
    }

    #[test]
    fn unknown_option_value_is_not_echoed() {
        let m = usage(&["sign", "--key=hunter2"]);
        assert!(m.contains("--key"), "{m}");
        assert!(!m.contains("hunter2"), "{m}");
        let m = usage(&["sign", "a.json", "hunter2"]);
        assert!(!m.contains("hunter2"), "{m}");
    }

    #[test]
    fn misuse() {
        usage(&[]);
        usage(&["frobnicate"]);
        usage(&["payout"]);
        usage(&["payout", "peru"]);
        usage(&["sign", "--strict"]);
        usage(&["canonical", "--secret-file", "s"]);
        usage(&["sign", "--secret-file"]);
        usage(&["sign", "--secret-file", "a", "--secret-file", "b"]);
        usage(&["verify", "--strict", "--strict"]);
        usage(&["response", "--allow-suspicious-secret"]);
    }

    #[test]
    fn help() {
        assert!(matches!(run(&["--help"]), Ok(Invocation::Help(None))));
        assert!(matches!(run(&["help"]), Ok(Invocation::Help(None))));
        assert!(matches!(
            run(&["help", "sign"]),
            Ok(Invocation::Help(Some("sign")))
        ));
        assert!(matches!(
            run(&["verify", "-h"]),
            Ok(Invocation::Help(Some("verify")))
        ));
        assert!(matches!(
            run(&["payout", "--help"]),
            Ok(Invocation::Help(Some("payout")))
        ));
        assert!(matches!(run(&["-V"]), Ok(Invocation::Version)));
    }
}
