import { mergeSvd } from './src/core/analyses/lora/svd';
import { mergeCat } from './src/core/analyses/lora/cat';
import { loraScaling, type LoraAdapter, type LoraModule } from './src/core/formats/peft/types';
function synth(): LoraAdapter {
  const modules = new Map<string, LoraModule>();
  const shapes: [string, number, number][] = [];
  for (let l = 0; l < 12; l++) { for (const p of ['q','k','v','o']) shapes.push([`m.${l}.${p}`, 768, 768]); shapes.push([`m.${l}.up`, 3072, 768], [`m.${l}.down`, 768, 3072]); }
  for (const [name, out, inp] of shapes) {
    const a = Float32Array.from({ length: 16 * inp }, () => Math.random() - 0.5);
    const b = Float32Array.from({ length: out * 16 }, () => (Math.random() - 0.5) * 0.01);
    modules.set(name, { name, a: { rows: 16, cols: inp, data: a }, b: { rows: out, cols: 16, data: b }, rank: 16, alpha: 32, scaling: loraScaling(32, 16, false) });
  }
  return { config: { r: 16, loraAlpha: 32, targetModules: ['q'], useRslora: false, rankPattern: {}, alphaPattern: {}, baseModelNameOrPath: 'x', taskType: null, fanInFanOut: false, raw: {} }, modules, dtype: 'F32', extras: new Map() };
}
async function main() {
  const ads = [synth(), synth()];
  const which = process.argv[2];
  for (let i = 0; i < 8; i++) { const t0 = performance.now(); if (which === 'cat') mergeCat(ads, [0.6, 0.4]); else await mergeSvd(ads, [0.6, 0.4], { rank: 16 }); console.log((performance.now() - t0).toFixed(1)); }
}
void main();
