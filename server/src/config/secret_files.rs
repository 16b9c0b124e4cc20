//! Secrets given directly or as a file (`*_FILE`, for Docker and Kubernetes secrets).

use std::{
    fs,
    path::{Path, PathBuf},
};

use super::{ConfigError, Secret};

/// The secret `name` as the winning layer gave it: the value or a file holding it, but
/// not both ([`super::layer::Layer::over`] keeps the pair from one layer).
pub(crate) fn secret(
    name: &'static str,
    value: Option<Secret>,
    file: Option<PathBuf>,
) -> Result<Option<Secret>, ConfigError> {
    let secret = match (value, file) {
        (Some(_), Some(_)) => return Err(ConfigError::SecretTwice { name }),
        (Some(value), None) => value,
        (None, Some(path)) => read_secret_file(name, &path)?,
        (None, None) => return Ok(None),
    };
    if secret.expose().is_empty() {
        return Err(ConfigError::EmptySecret { name });
    }
    Ok(Some(secret))
}

fn read_secret_file(name: &'static str, path: &Path) -> Result<Secret, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::ReadSecret {
        name,
        path: path.to_owned(),
        source,
    })?;
    Ok(Secret::new(text.trim_end_matches(['\r', '\n'])))
}
