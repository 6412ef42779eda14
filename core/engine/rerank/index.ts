/** The learned second stage: features of stage 1's candidates, a LambdaMART forest over them. */
export { rerankFeatures, rerankWidth, RerankFeatures, fromScorer } from './features.js';
export { predictRow, rerankOrder, type Forest } from './forest.js';
export {
  trainRanker,
  defaultBoostParams,
  ndcgSum,
  type BoostParams,
  type RankingData,
  type TrainedRanker,
} from './train.js';
