pub mod batch_server;
