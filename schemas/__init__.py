"""eventfold's table contract: the field catalogue and everything generated from it.

`catalogue` reads fields.yaml/tables.yaml/enums.yaml; `pandera_schemas`, `arrow_schema` and
`datapackage` turn that one catalogue into validators, Parquet schemas and descriptors.
"""

from schemas.catalogue import CATALOGUE, Catalogue, FieldSpec, TableSpec

__all__ = ["CATALOGUE", "Catalogue", "FieldSpec", "TableSpec"]
