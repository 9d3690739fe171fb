import {
  addPhotos,
  markFailed,
  markUploaded,
  markUploading,
  nextToUpload,
  photoProblem,
  retryPhoto,
  uploadedIds,
  uploadProgressText,
  type PickedPhoto,
} from '../photo-list';

const three = () => addPhotos([], ['a.jpg', 'b.jpg', 'c.jpg']);
const keyOf = (list: PickedPhoto[], index: number) => list[index]!.key;

describe('photo list', () => {
  it('when more than 9 are added, then the first 9 are kept with distinct keys', () => {
    const list = addPhotos(addPhotos([], ['1', '2', '3', '4', '5', '6', '7']), ['8', '9', '10', '11']);
    expect(list.map((photo) => photo.path)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(new Set(list.map((photo) => photo.key)).size).toBe(9);
  });

  it('when one photo is uploading, then no other is started and progress counts from the uploaded ones', () => {
    let list = three();
    list = markUploaded(markUploading(list, keyOf(list, 0)), keyOf(list, 0), 'id-a');
    list = markUploading(list, keyOf(list, 1));
    expect(nextToUpload(list)).toBeUndefined();
    expect(uploadProgressText(list)).toBe('正在上传 2/3');
    expect(photoProblem(list)).toBe('照片还在上传，请等上传完成后再提交。');
  });

  it('when one failed, then the rest go on, the report waits for a retry or removal, and a retry queues it', () => {
    let list = three();
    list = markFailed(markUploading(list, keyOf(list, 0)), keyOf(list, 0), '网络不通');
    expect(nextToUpload(list)?.path).toBe('b.jpg');
    list = markUploaded(list, keyOf(list, 1), 'id-b');
    list = markUploaded(list, keyOf(list, 2), 'id-c');
    expect(uploadProgressText(list)).toBeUndefined();
    expect(photoProblem(list)).toContain('有 1 张照片没有传上去');
    expect(uploadedIds(list)).toEqual(['id-b', 'id-c']);
    list = retryPhoto(list, keyOf(list, 0));
    expect(nextToUpload(list)?.path).toBe('a.jpg');
  });
});
