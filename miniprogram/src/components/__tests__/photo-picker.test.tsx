import { act, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import PhotoPicker from '../photo-picker';
import { uploadedIds, type PickedPhoto } from '../../domain/photo-list';
import { deferred } from '../../../test/request-stub';

const chooseImage = Taro.chooseImage as unknown as jest.Mock;
const uploadFile = Taro.uploadFile as unknown as jest.Mock;
const photoId = (n: number) => String(n).repeat(64).slice(0, 64);

/** The form's side of the picker: it owns the list, as ReportForm does. */
function Harness({ onList }: { onList?: (photos: PickedPhoto[]) => void }) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  onList?.(photos);
  return <PhotoPicker photos={photos} onChange={setPhotos} />;
}

const thumbs = (container: HTMLElement) => [...container.querySelectorAll('.photo-thumb')];

async function tap(container: HTMLElement, selector: string) {
  const element = await waitFor(() => {
    const found = container.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`no ${selector} yet`);
    return found;
  });
  await act(async () => {
    element.click();
  });
}

const paths = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `wxfile://tmp/${from + i}.jpg`);
const uploaded = (id: string) => Promise.resolve({ statusCode: 201, data: JSON.stringify({ photoId: id }) });

beforeEach(() => {
  chooseImage.mockReset();
  uploadFile.mockReset();
  Taro.setStorageSync('citizen-token', 'a'.repeat(43));
});

describe('PhotoPicker', () => {
  it('when photos are chosen, then at most 9 are kept and the button gives way to a note', async () => {
    let counter = 0;
    uploadFile.mockImplementation(() => uploaded(photoId(++counter % 10)));
    chooseImage.mockResolvedValueOnce({ tempFilePaths: paths(7) });
    chooseImage.mockResolvedValueOnce({ tempFilePaths: paths(4, 8) });
    const { container } = render(<Harness />);

    await tap(container, '#choose-image');
    await waitFor(() => expect(thumbs(container)).toHaveLength(7));
    expect(chooseImage).toHaveBeenLastCalledWith(
      expect.objectContaining({ count: 9, sizeType: ['compressed'] }),
    );
    expect(container.querySelector('#choose-image')).toHaveTextContent('还能加2张');

    await tap(container, '#choose-image');
    await waitFor(() => expect(thumbs(container)).toHaveLength(9));
    expect(chooseImage).toHaveBeenLastCalledWith(expect.objectContaining({ count: 2 }));
    expect(container.querySelector('#choose-image')).toBeNull();
    expect(container.querySelector('#photo-limit')).toHaveTextContent('已经有9张照片了');
    await waitFor(() => expect(container.querySelectorAll('.photo-thumb.is-uploaded')).toHaveLength(9));
    expect(uploadFile).toHaveBeenCalledTimes(9);
  });

  it('when photos upload, then one goes at a time as field photo with the token, and progress is shown', async () => {
    const first = deferred<{ statusCode: number; data: string }>();
    uploadFile.mockReturnValueOnce(first.promise).mockReturnValueOnce(uploaded(photoId(2)));
    chooseImage.mockResolvedValueOnce({ tempFilePaths: paths(2) });
    let list: PickedPhoto[] = [];
    const { container } = render(<Harness onList={(photos) => (list = photos)} />);

    await tap(container, '#choose-image');
    await waitFor(() => expect(container.querySelector('#photo-progress')).toHaveTextContent('正在上传 1/2'));
    expect(uploadFile).toHaveBeenCalledTimes(1);
    expect(uploadFile).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'http://api.test/api/v1/citizen/photos',
        filePath: 'wxfile://tmp/1.jpg',
        name: 'photo',
        header: { authorization: `Bearer ${'a'.repeat(43)}` },
      }),
    );

    await act(async () => first.resolve({ statusCode: 201, data: JSON.stringify({ photoId: photoId(1) }) }));
    await waitFor(() => expect(container.querySelector('#photo-progress')).toBeNull());
    expect(uploadedIds(list)).toEqual([photoId(1), photoId(2)]);
  });

  it('when a photo is removed, then it leaves the list and is not submitted', async () => {
    uploadFile.mockReturnValueOnce(uploaded(photoId(1))).mockReturnValueOnce(uploaded(photoId(2)));
    chooseImage.mockResolvedValueOnce({ tempFilePaths: paths(2) });
    let list: PickedPhoto[] = [];
    const { container } = render(<Harness onList={(photos) => (list = photos)} />);
    await tap(container, '#choose-image');
    await waitFor(() => expect(container.querySelectorAll('.photo-thumb.is-uploaded')).toHaveLength(2));

    await tap(container, '#remove-photo-1');

    await waitFor(() => expect(thumbs(container)).toHaveLength(1));
    expect(uploadedIds(list)).toEqual([photoId(2)]);
    expect(container.querySelector('#choose-image')).toHaveTextContent('还能加8张');
  });

  it('when an upload fails, then the photo stays with the reason and a retry that uploads it again', async () => {
    uploadFile
      .mockRejectedValueOnce({ errMsg: 'uploadFile:fail timeout' })
      .mockReturnValueOnce(uploaded(photoId(7)));
    chooseImage.mockResolvedValueOnce({ tempFilePaths: paths(1) });
    let list: PickedPhoto[] = [];
    const { container } = render(<Harness onList={(photos) => (list = photos)} />);

    await tap(container, '#choose-image');
    await waitFor(() => expect(container.querySelector('.photo-thumb.is-failed')).not.toBeNull());
    expect(thumbs(container)).toHaveLength(1);
    expect(container).toHaveTextContent('照片没有传上去，可能是网络不太通畅。请点“重试”。');
    expect(uploadedIds(list)).toEqual([]);

    await tap(container, '#retry-photo-1');

    await waitFor(() => expect(container.querySelector('.photo-thumb.is-uploaded')).not.toBeNull());
    expect(uploadFile).toHaveBeenCalledTimes(2);
    expect(uploadedIds(list)).toEqual([photoId(7)]);
  });

  it('when the server refuses the file, then its message is shown on the photo', async () => {
    uploadFile.mockResolvedValueOnce({
      statusCode: 415,
      data: JSON.stringify({
        error: { code: 'unsupported-photo', message: '只能上传 JPG、PNG 或 WebP 格式的照片。' },
      }),
    });
    chooseImage.mockResolvedValueOnce({ tempFilePaths: paths(1) });
    const { container } = render(<Harness />);
    await tap(container, '#choose-image');
    await waitFor(() => expect(container).toHaveTextContent('只能上传 JPG、PNG 或 WebP 格式的照片。'));
    expect(container.querySelector('#retry-photo-1')).not.toBeNull();
  });

  it('when choosing is cancelled, then nothing changes and no error shows', async () => {
    chooseImage.mockRejectedValueOnce({ errMsg: 'chooseImage:fail cancel' });
    const { container } = render(<Harness />);
    await tap(container, '#choose-image');
    expect(thumbs(container)).toHaveLength(0);
    expect(container.querySelector('.error-text')).toBeNull();
  });
});
