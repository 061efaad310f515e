"""eventfold's table contract: the field catalogue and everything generated from it.

`catalogue` reads fields.yaml/tables.yaml/enums.yaml; `arrow` and `validation` turn that one
catalogue into Parquet schemas, pandas dtypes and pandera validators (eventfold.publish builds
datapackage.json and the data dictionary from it too).
"""

from schemas.catalogue import CATALOGUE, Catalogue, FieldSpec, TableSpec

__all__ = ["CATALOGUE", "Catalogue", "FieldSpec", "TableSpec"]
