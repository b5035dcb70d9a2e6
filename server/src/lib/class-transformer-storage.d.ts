// class-transformer ships its metadata storage (where @Type lives) without a declaration for the path.
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage').MetadataStorage;
}
