//! Behaviour of the built-in rules and the configuration, one test per pattern class.

use super::*;
