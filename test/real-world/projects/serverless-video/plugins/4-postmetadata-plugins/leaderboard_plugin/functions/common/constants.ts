// 
export enum LeaderType {
  DURATION = 'DURATION',
  STREAMS = 'STREAMS'
}

export const LEADERBOARD_KEY = 'leaderboard';

