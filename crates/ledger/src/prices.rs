//! What GPU time costs: a price per GPU-hour for each node pool, and one for any other
//! pool, in one currency. Configured as `a100-40gb=2.10,h100-80gb=4.50,*=1.80`.

/// Node pools priced at most: the settings stay a short list.
pub const MAX_PRICED_POOLS: usize = 100;
/// The highest price per GPU-hour taken (a typo of a few zeros is refused, not shown).
pub const MAX_PRICE: f64 = 100_000.0;

/// Why a price list (or a budget list) cannot be used, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PricesError(pub String);

/// Prices per GPU-hour by node pool, in `currency`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prices {
    currency: String,
    pools: Vec<(String, f64)>,
    /// The price of any pool not named.
    otherwise: Option<f64>,
}

impl Prices {
    /// Reads `items` (`pool=price`, `*` for any other pool) in `currency` (three letters,
    /// as ISO 4217 writes them: `USD`, `EUR`).
    pub fn parse(currency: &str, items: &[String]) -> Result<Self, PricesError> {
        let bad = |why: String| Err(PricesError(why));
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return bad(format!(
                "the currency is three capital letters (USD, EUR), not “{currency}”"
            ));
        }
        if items.len() > MAX_PRICED_POOLS {
            return bad(format!("at most {MAX_PRICED_POOLS} node pools are priced"));
        }
        let mut prices = Prices {
            currency: currency.to_owned(),
            ..Prices::default()
        };
        for item in items {
            let Some((pool, price)) = item.split_once('=') else {
                return bad(format!("“{item}” is not pool=price"));
            };
            let (pool, price) = (pool.trim(), price.trim());
            let price = match price.parse::<f64>() {
                Ok(p) if p.is_finite() && (0.0..=MAX_PRICE).contains(&p) => p,
                _ => {
                    return bad(format!(
                        "“{price}” is not a price from 0 to {MAX_PRICE} (for {pool})"
                    ));
                }
            };
            if pool.is_empty() {
                return bad(format!("“{item}” names no node pool"));
            }
            let twice = pool == "*" && prices.otherwise.is_some()
                || prices.pools.iter().any(|(named, _)| named == pool);
            if twice {
                return bad(format!("{pool} is priced twice"));
            }
            match pool {
                "*" => prices.otherwise = Some(price),
                _ => prices.pools.push((pool.to_owned(), price)),
            }
        }
        Ok(prices)
    }

    /// Whether any price is set (without one, no cost is shown).
    pub fn is_set(&self) -> bool {
        self.otherwise.is_some() || !self.pools.is_empty()
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The price of a GPU-hour for a workload filed under `pools` (the ledger keeps them
    /// joined by commas): the first named pool's, else the price of any other pool.
    pub fn per_gpu_hour(&self, pools: &str) -> Option<f64> {
        pools
            .split(',')
            .find_map(|pool| {
                self.pools
                    .iter()
                    .find(|(named, _)| named == pool.trim())
                    .map(|(_, price)| *price)
            })
            .or(self.otherwise)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<String> {
        text.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn a_named_pool_has_its_price_and_any_other_the_default() {
        let prices = Prices::parse("EUR", &items("a100-40gb=2.10, h100 = 4.5,*=1.8")).unwrap();
        assert!(prices.is_set());
        assert_eq!(prices.currency(), "EUR");
        assert_eq!(prices.per_gpu_hour("h100"), Some(4.5));
        assert_eq!(prices.per_gpu_hour("default,a100-40gb"), Some(2.1));
        assert_eq!(prices.per_gpu_hour("t4"), Some(1.8));
        let named_only = Prices::parse("USD", &items("h100=4")).unwrap();
        assert_eq!(named_only.per_gpu_hour("t4"), None, "no default: unknown");
        assert!(!Prices::parse("USD", &[]).unwrap().is_set());
    }

    #[test]
    fn bad_lists_say_what_is_wrong() {
        let said =
            |currency: &str, text: &str| Prices::parse(currency, &items(text)).unwrap_err().0;
        assert!(said("dollars", "*=1").contains("three capital letters"));
        assert!(said("USD", "h100").contains("is not pool=price"));
        assert!(said("USD", "h100=-1").contains("not a price from 0"));
        assert!(said("USD", "h100=NaN").contains("not a price from 0"));
        assert!(said("USD", "h100=1e9").contains("not a price from 0"));
        assert!(said("USD", "=3").contains("names no node pool"));
        assert!(said("USD", "h100=1,h100=2").contains("priced twice"));
        assert!(said("USD", "*=1,*=2").contains("priced twice"));
        let many: Vec<String> = (0..=MAX_PRICED_POOLS).map(|i| format!("p{i}=1")).collect();
        assert!(
            Prices::parse("USD", &many)
                .unwrap_err()
                .0
                .contains("at most")
        );
    }
}
