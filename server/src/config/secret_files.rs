//! Secrets given directly or as a file (`*_FILE`, for Docker and Kubernetes secrets).

use std::{
    fs,
    path::{Path, PathBuf},
};

use super::{ConfigError, Secret};

/// A secret from the first layer that gives it, where each layer may give the value
/// or a file holding it, but not both.
pub(crate) fn pick_secret(
    name: &'static str,
    upper: (Option<Secret>, Option<PathBuf>),
    lower: (Option<Secret>, Option<PathBuf>),
) -> Result<Option<Secret>, ConfigError> {
    for layer in [upper, lower] {
        let secret = match layer {
            (Some(_), Some(_)) => return Err(ConfigError::SecretTwice { name }),
            (Some(value), None) => value,
            (None, Some(path)) => read_secret_file(name, &path)?,
            (None, None) => continue,
        };
        if secret.expose().is_empty() {
            return Err(ConfigError::EmptySecret { name });
        }
        return Ok(Some(secret));
    }
    Ok(None)
}

fn read_secret_file(name: &'static str, path: &Path) -> Result<Secret, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::ReadSecret {
        name,
        path: path.to_owned(),
        source,
    })?;
    Ok(Secret::new(text.trim_end_matches(['\r', '\n'])))
}
