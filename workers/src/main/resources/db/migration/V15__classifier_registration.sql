-- The model registry's second role (issue 17, docs/adr/0030-learning-loop-box-classifier.md): a class group has a
-- detector (model_registration) and/or a box classifier, which suggests the class of a box. A classifier's version
-- records the features its input is computed with and the order of the classes of its output.
CREATE TABLE classifier_registration (
    class_group_key TEXT        PRIMARY KEY,
    model_name      TEXT        NOT NULL,
    model_version   TEXT        NOT NULL,
    features        TEXT        NOT NULL,
    classes         TEXT[]      NOT NULL CHECK (cardinality(classes) >= 2),
    registered_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
