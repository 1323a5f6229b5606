package kc.builtin.hygiene

violation contains v if {
  false
  v := {}
}
