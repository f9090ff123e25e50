//! A job's template data, held compactly until its document is rendered.

use std::sync::Arc;

use serde_json::Value;

/// Fields many documents have alike (the office, the signer, the court, the envelope, the
/// taglines), held once for all of them.
#[derive(Debug, Default)]
pub struct Shared {
    fields: serde_json::Map<String, Value>,
    /// Bytes of the fields as compact JSON.
    len: usize,
}

impl Shared {
    pub fn new(value: Value) -> Arc<Shared> {
        match value {
            Value::Object(fields) => Arc::new(Shared {
                len: serde_json::to_string(&fields).map_or(0, |t| t.len()),
                fields,
            }),
            _ => Arc::default(),
        }
    }
}

/// A job's template data: the fields it shares with other documents, and its own, held as compact
/// JSON text until its document is rendered (as parsed JSON a county's documents took about 30 KB
/// a person). A case's petition and order share one text (a clone shares it): it is freed when
/// the render stage has dropped both.
#[derive(Clone, Debug)]
pub struct Data {
    shared: Arc<Shared>,
    own: Arc<str>,
}

impl Data {
    pub fn new(value: &Value) -> Data {
        Data::on(&Arc::default(), value)
    }

    /// `own` on top of `shared`: the two have no field in common.
    pub fn on(shared: &Arc<Shared>, own: &Value) -> Data {
        Data {
            shared: shared.clone(),
            own: own.to_string().into(),
        }
    }

    pub fn value(&self) -> Value {
        match serde_json::from_str(&self.own) {
            Ok(Value::Object(own)) if !self.shared.fields.is_empty() => {
                let mut fields = self.shared.fields.clone();
                fields.extend(own);
                Value::Object(fields)
            }
            Ok(own) => own,
            Err(_) => Value::Null,
        }
    }

    /// Bytes of the data as one compact JSON object: a rough measure of how much work the
    /// document is.
    pub fn len(&self) -> usize {
        if self.shared.fields.is_empty() {
            self.own.len()
        } else {
            // Two objects joined: one brace each goes, a comma comes.
            self.shared.len + self.own.len() - 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn data_on_shared_fields_reads_and_weighs_as_one_object() {
        let shared = Shared::new(
            json!({ "office": { "name": "Office of the District Attorney" }, "sample": true }),
        );
        let own = json!({ "person": { "name": "DOE,JANE" }, "counts": [1, 2] });
        let whole = json!({ "office": { "name": "Office of the District Attorney" }, "sample": true, "person": { "name": "DOE,JANE" }, "counts": [1, 2] });
        let data = Data::on(&shared, &own);
        assert_eq!(data.value(), whole);
        assert_eq!(data.len(), whole.to_string().len());
        assert_eq!(data.clone().value(), whole);
    }
}
