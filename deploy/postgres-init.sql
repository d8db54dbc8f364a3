-- The knowledge base's database beside the conversations' (POSTGRES_DB); run once, at the volume's creation.
CREATE DATABASE kb;
