"""The LoRA-composition zoo: lora-base, its skill adapters and the CAT reference."""
